import type { WriteSpec } from '../locate';
import type { Json, ParseOutcome } from '../payload';
import { absDir, name, obj, PayloadError, requireObj, requirePath, requireText } from '../payload';

/**
 * Gemini CLI hooks (geminicli.com/docs/hooks/reference): base fields session_id, transcript_path,
 * cwd, hook_event_name, timestamp; AfterTool adds tool_name, tool_input (the tool's arguments) and
 * tool_response {llmContent, returnDisplay, error}. File tools: `write_file` {file_path, content}
 * and `replace` {file_path, old_string, new_string, expected_replacements}. When the write's
 * returnDisplay carries `originalContent` (a file diff), it is used as the text before.
 */
export function parseGemini(p: Json): ParseOutcome {
  const event = name(p.hook_event_name);
  if (event !== undefined && event !== 'AfterTool') return { kind: 'ignored', reason: `event ${event}` };
  const tool = name(p.tool_name);
  if (!tool) throw new PayloadError('tool_name is missing');
  if (tool !== 'write_file' && tool !== 'replace') return { kind: 'ignored', reason: `tool ${tool}` };
  const response = obj(p.tool_response);
  if (response && response.error !== undefined && response.error !== null) return { kind: 'ignored', reason: 'tool failed' };
  const input = requireObj(p.tool_input, 'tool_input');
  const path = requirePath(input.file_path ?? input.absolute_path, 'tool_input.file_path');
  const display = obj(response?.returnDisplay);
  const original = display && typeof display.originalContent === 'string' && display.originalContent.length <= 16 * 1024 * 1024 && !display.originalContent.includes('\u0000')
    ? display.originalContent
    : display && display.originalContent === null ? null : undefined;
  let spec: WriteSpec;
  if (tool === 'write_file') {
    spec = { kind: 'content', content: requireText(input.content, 'tool_input.content'), ...(original !== undefined ? { original } : {}) };
  } else {
    const expected = typeof input.expected_replacements === 'number' ? input.expected_replacements : 1;
    spec = {
      kind: 'edits',
      edits: [{ oldText: requireText(input.old_string, 'tool_input.old_string'), newText: requireText(input.new_string, 'tool_input.new_string'), replaceAll: expected > 1 }],
      ...(typeof original === 'string' ? { original } : {}),
    };
  }
  const sessionId = name(p.session_id);
  const cwd = absDir(p.cwd);
  return { kind: 'event', event: { tool: 'gemini', source: 'hook:gemini', agentTool: tool, mode: 'agentic', ...(sessionId ? { sessionId } : {}), ...(cwd ? { cwd } : {}), writes: [{ path, spec }] } };
}
