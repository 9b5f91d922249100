import type { FileWrite, Json, ParseOutcome } from '../payload';
import { absDir, name, obj, objOrJsonObj, PayloadError, requireObj, requirePath, requireText } from '../payload';
import { isVsCodePayload, parseVsCode, patchWrites } from './vscode';

/**
 * GitHub Copilot CLI hooks (docs.github.com/en/copilot/reference/copilot-cli-reference/
 * cli-hooks-reference). `postToolUse` in camelCase gives {sessionId, timestamp, cwd, toolName,
 * toolArgs, toolResult: {resultType, textResultForLlm}}; the PascalCase `PostToolUse` gives the
 * snake_case form {hook_event_name, session_id, timestamp, cwd, tool_name, tool_input,
 * tool_result: {result_type, text_result_for_llm}}. File tools: `create` {path, file_text} and
 * `edit` {path, old_str, new_str} (names from the same page; argument names as the CLI sends
 * them); `apply_patch` takes a patch. The same hook files are read by VS Code, whose payloads go
 * to the VS Code parser.
 */
export function parseCopilot(p: Json): ParseOutcome {
  if (isVsCodePayload(p) && typeof p.toolName !== 'string') return parseVsCode(p);
  const event = name(p.hook_event_name) ?? name(p.hookEventName);
  if (event !== undefined && event !== 'PostToolUse' && event !== 'postToolUse') return { kind: 'ignored', reason: `event ${event}` };
  const tool = name(p.toolName) ?? name(p.tool_name);
  if (!tool) throw new PayloadError('toolName is missing');
  const result = obj(p.toolResult) ?? obj(p.tool_result);
  const resultType = result ? (result.resultType ?? result.result_type) : undefined;
  if (resultType !== undefined && resultType !== 'success') return { kind: 'ignored', reason: `tool result ${typeof resultType === 'string' ? resultType.slice(0, 32) : typeof resultType}` };
  const rawArgs = p.toolArgs !== undefined ? p.toolArgs : p.tool_input;
  const writes: FileWrite[] = [];
  switch (tool) {
    case 'create': {
      const a = requireObj(objOrJsonObj(rawArgs), 'toolArgs');
      writes.push({ path: requirePath(a.path, 'toolArgs.path'), spec: { kind: 'content', content: requireText(a.file_text, 'toolArgs.file_text'), original: null } });
      break;
    }
    case 'edit':
    case 'str_replace': {
      const a = requireObj(objOrJsonObj(rawArgs), 'toolArgs');
      writes.push({
        path: requirePath(a.path, 'toolArgs.path'),
        spec: { kind: 'edits', edits: [{ oldText: requireText(a.old_str ?? '', 'toolArgs.old_str'), newText: requireText(a.new_str ?? '', 'toolArgs.new_str') }] },
      });
      break;
    }
    case 'apply_patch': {
      const a = objOrJsonObj(rawArgs);
      const patch = typeof rawArgs === 'string' && !a ? rawArgs : (a?.input ?? a?.patch);
      writes.push(...patchWrites(requireText(patch, 'apply_patch input')));
      break;
    }
    default:
      return { kind: 'ignored', reason: `tool ${tool}` };
  }
  const sessionId = name(p.sessionId) ?? name(p.session_id);
  const cwd = absDir(p.cwd);
  return { kind: 'event', event: { tool: 'copilot', source: 'hook:copilot-cli', agentTool: tool, mode: 'agentic', ...(sessionId ? { sessionId } : {}), ...(cwd ? { cwd } : {}), writes } };
}
