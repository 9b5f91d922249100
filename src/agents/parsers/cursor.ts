import type { EditOp } from '../locate';
import type { Json, ParseOutcome } from '../payload';
import { absDir, name, PayloadError, requireArray, requireObj, requirePath, requireText } from '../payload';

/**
 * Cursor hooks (`.cursor/hooks.json`, cursor.com/docs/agent/hooks): every event has
 * hook_event_name, conversation_id, generation_id, workspace_roots, and optionally model,
 * cursor_version, user_email. `afterFileEdit` adds file_path and edits [{old_string, new_string}];
 * `afterTabFileEdit` (Tab completions) has the same two fields. Cursor gives no original text, so
 * each edit's new text is found in the file on disk.
 */
export function parseCursor(p: Json): ParseOutcome {
  const event = name(p.hook_event_name);
  if (event !== 'afterFileEdit' && event !== 'afterTabFileEdit') return { kind: 'ignored', reason: `event ${event ?? '(none)'}` };
  const path = requirePath(p.file_path, 'file_path');
  const edits: EditOp[] = requireArray(p.edits, 'edits').map((e, i) => {
    const o = requireObj(e, `edit ${i + 1}`);
    return { oldText: requireText(o.old_string ?? '', `edit ${i + 1} old_string`), newText: requireText(o.new_string, `edit ${i + 1} new_string`) };
  });
  if (edits.length === 0) throw new PayloadError('edits is empty');
  const roots = Array.isArray(p.workspace_roots) ? p.workspace_roots : [];
  const cwd = absDir(roots[0]);
  const sessionId = name(p.conversation_id);
  const model = name(p.model);
  const tab = event === 'afterTabFileEdit';
  return {
    kind: 'event',
    event: {
      tool: 'cursor',
      source: tab ? 'hook:cursor-tab' : 'hook:cursor',
      agentTool: event,
      mode: tab ? 'suggestive' : 'agentic',
      ...(sessionId ? { sessionId } : {}),
      ...(model ? { model } : {}),
      ...(cwd ? { cwd } : {}),
      writes: [{ path, spec: { kind: 'edits', edits } }],
    },
  };
}
