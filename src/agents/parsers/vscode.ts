import { parseApplyPatch } from '../applyPatch';
import type { FileWrite, Json, ParseOutcome } from '../payload';
import { absDir, name, objOrJsonObj, PayloadError, requireArray, requireObj, requirePath, requireText } from '../payload';

/**
 * VS Code's own agent hooks (code.visualstudio.com/docs/copilot/customization/hooks): common
 * fields `timestamp`, `cwd`, `sessionId`, `hookEventName`, `transcript_path`; PostToolUse adds
 * `tool_name`, `tool_input`, `tool_use_id`, `tool_response`. VS Code reads `.github/hooks/*.json`
 * and `.claude/settings.json` and ignores matchers, so this payload reaches the Claude Code and
 * Copilot hooks alike. The tool names and argument shapes below are not documented by VS Code;
 * they are the Copilot Chat tools as seen in the field (see docs/detection.md).
 */
export function isVsCodePayload(p: Json): boolean {
  return p.hook_event_name === undefined && (typeof p.hookEventName === 'string' || typeof p.sessionId === 'string') && p.tool_name !== undefined;
}

export function parseVsCode(p: Json): ParseOutcome {
  const event = name(p.hookEventName) ?? name(p.hook_event_name);
  if (event !== undefined && event !== 'PostToolUse') return { kind: 'ignored', reason: `event ${event}` };
  const tool = name(p.tool_name);
  if (!tool) throw new PayloadError('tool_name is missing');
  const input = objOrJsonObj(p.tool_input);
  const writes: FileWrite[] = [];
  switch (tool) {
    case 'create_file': {
      const i = requireObj(input, 'tool_input');
      writes.push({ path: requirePath(i.filePath ?? i.file_path, 'tool_input.filePath'), spec: { kind: 'content', content: requireText(i.content, 'tool_input.content'), original: null } });
      break;
    }
    case 'replace_string_in_file': {
      const i = requireObj(input, 'tool_input');
      writes.push({
        path: requirePath(i.filePath ?? i.file_path, 'tool_input.filePath'),
        spec: { kind: 'edits', edits: [{ oldText: requireText(i.oldString, 'tool_input.oldString'), newText: requireText(i.newString, 'tool_input.newString') }] },
      });
      break;
    }
    case 'multi_replace_string_in_file': {
      const i = requireObj(input, 'tool_input');
      requireArray(i.replacements, 'tool_input.replacements').forEach((r, n) => {
        const o = requireObj(r, `replacement ${n + 1}`);
        writes.push({
          path: requirePath(o.filePath ?? o.file_path, `replacement ${n + 1} filePath`),
          spec: { kind: 'edits', edits: [{ oldText: requireText(o.oldString, `replacement ${n + 1} oldString`), newText: requireText(o.newString, `replacement ${n + 1} newString`) }] },
        });
      });
      break;
    }
    case 'apply_patch': {
      const patch = typeof p.tool_input === 'string' ? p.tool_input : requireObj(input, 'tool_input').input;
      writes.push(...patchWrites(requireText(patch, 'tool_input.input')));
      break;
    }
    default:
      // insert_edit_into_file / editFiles carry "...existing code..." sketches, not the text
      // written: nothing exact to record. The editor's chat-edit tracking covers VS Code sessions.
      return { kind: 'ignored', reason: `tool ${tool}` };
  }
  const sessionId = name(p.sessionId) ?? name(p.session_id);
  const cwd = absDir(p.cwd);
  return { kind: 'event', event: { tool: 'copilot', source: 'hook:vscode', agentTool: tool, mode: 'agentic', ...(sessionId ? { sessionId } : {}), ...(cwd ? { cwd } : {}), writes } };
}

/** Patch files as writes: added files are whole content the agent created, updates are edits. */
export function patchWrites(patch: string): FileWrite[] {
  const out: FileWrite[] = [];
  for (const f of parseApplyPatch(patch)) {
    const path = requirePath(f.path, 'patch path');
    if (f.kind === 'add') out.push({ path, spec: { kind: 'content', content: f.content, original: null } });
    else if (f.kind === 'update') out.push({ path, spec: { kind: 'edits', edits: f.edits } });
  }
  return out;
}
