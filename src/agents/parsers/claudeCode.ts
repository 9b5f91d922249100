import type { EditOp, WriteSpec } from '../locate';
import type { FileWrite, Json, ParseOutcome } from '../payload';
import { absDir, modeFromPermission, name, obj, optionalText, PayloadError, requireArray, requireObj, requirePath, requireText } from '../payload';
import { isVsCodePayload, parseVsCode } from './vscode';

/**
 * Claude Code PostToolUse (docs: code.claude.com/docs/en/hooks): common fields session_id,
 * transcript_path, cwd, permission_mode, hook_event_name; then tool_name, tool_input,
 * tool_response, tool_use_id. tool_input of Write is {file_path, content}; of Edit {file_path,
 * old_string, new_string, replace_all}; of MultiEdit {file_path, edits: [{old_string, new_string,
 * replace_all}]}. tool_response carries `originalFile` (the file before the write; null when Write
 * created it) in current versions; it is used when present and valid, never required.
 *
 * VS Code's agent hooks read `.claude/settings.json` too and call the same command with their own
 * payload (camelCase common fields, Copilot tool names): those are handed to the VS Code parser.
 */
export function parseClaudeCode(p: Json): ParseOutcome {
  if (isVsCodePayload(p)) return parseVsCode(p);
  const event = name(p.hook_event_name);
  if (event !== undefined && event !== 'PostToolUse') return { kind: 'ignored', reason: `event ${event}` };
  const tool = name(p.tool_name);
  if (!tool) throw new PayloadError('tool_name is missing');
  if (tool !== 'Write' && tool !== 'Edit' && tool !== 'MultiEdit') return { kind: 'ignored', reason: `tool ${tool}` };
  const input = requireObj(p.tool_input, 'tool_input');
  const response = obj(p.tool_response);
  const path = requirePath(input.file_path, 'tool_input.file_path');
  const original = originalFrom(response);
  let spec: WriteSpec;
  if (tool === 'Write') {
    const content = requireText(input.content, 'tool_input.content');
    const created = response?.type === 'create' && (response.originalFile === null || response.originalFile === undefined);
    spec = { kind: 'content', content, original: created ? null : original };
  } else {
    const raw = tool === 'Edit' ? [input] : requireArray(input.edits, 'tool_input.edits');
    const edits: EditOp[] = raw.map((e, i) => {
      const o = requireObj(e, `edit ${i + 1}`);
      return {
        oldText: requireText(o.old_string, `edit ${i + 1} old_string`),
        newText: requireText(o.new_string, `edit ${i + 1} new_string`),
        replaceAll: o.replace_all === true,
      };
    });
    spec = { kind: 'edits', edits, ...(original !== undefined ? { original } : {}) };
  }
  const writes: FileWrite[] = [{ path, spec }];
  const sessionId = name(p.session_id);
  const cwd = absDir(p.cwd);
  const transcriptPath = typeof p.transcript_path === 'string' && p.transcript_path.length <= 4096 ? p.transcript_path : undefined;
  return {
    kind: 'event',
    event: {
      tool: 'claude-code',
      source: 'hook:claude-code',
      agentTool: tool,
      mode: modeFromPermission(p.permission_mode),
      ...(sessionId ? { sessionId } : {}),
      ...(cwd ? { cwd } : {}),
      ...(transcriptPath ? { transcriptPath } : {}),
      writes,
    },
  };
}

function originalFrom(response: Json | undefined): string | undefined {
  if (!response || typeof response.originalFile !== 'string') return undefined;
  try {
    return optionalText(response.originalFile, 'tool_response.originalFile');
  } catch {
    return undefined; // an unusable original only costs precision of the fallback, not the event
  }
}
