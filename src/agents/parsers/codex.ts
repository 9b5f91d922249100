import type { Json, ParseOutcome } from '../payload';
import { absDir, modeFromPermission, name, objOrJsonObj, PayloadError, requireText } from '../payload';
import { patchWrites } from './vscode';

/**
 * Codex hooks (`.codex/hooks.json` / `~/.codex/hooks.json`, developers.openai.com/codex/hooks):
 * the Claude Code wire format. Common fields session_id, transcript_path, cwd, hook_event_name and
 * `model` (the active model slug); PostToolUse adds tool_name, tool_use_id, tool_input and
 * tool_response. File edits go through `apply_patch`, whose patch text is `tool_input.command`.
 * A `permission_mode` is honoured if sent (not documented for Codex).
 */
export function parseCodex(p: Json): ParseOutcome {
  const event = name(p.hook_event_name);
  if (event !== undefined && event !== 'PostToolUse') return { kind: 'ignored', reason: `event ${event}` };
  const tool = name(p.tool_name);
  if (!tool) throw new PayloadError('tool_name is missing');
  if (tool !== 'apply_patch' && tool !== 'Edit' && tool !== 'Write') return { kind: 'ignored', reason: `tool ${tool}` };
  const input = objOrJsonObj(p.tool_input);
  const patch = typeof p.tool_input === 'string' && !input ? p.tool_input : (input?.command ?? input?.input ?? input?.patch);
  const writes = patchWrites(requireText(patch, 'tool_input.command'));
  const sessionId = name(p.session_id) ?? name(p.thread_id);
  const model = name(p.model);
  const cwd = absDir(p.cwd);
  return {
    kind: 'event',
    event: {
      tool: 'codex',
      source: 'hook:codex',
      agentTool: tool,
      mode: modeFromPermission(p.permission_mode),
      ...(sessionId ? { sessionId } : {}),
      ...(model ? { model } : {}),
      ...(cwd ? { cwd } : {}),
      writes,
    },
  };
}
