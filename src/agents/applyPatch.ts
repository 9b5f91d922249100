import type { EditOp } from './locate';
import { LIMITS, PayloadError } from './payload';

/** One file of a Codex-style patch (`*** Begin Patch` … `*** End Patch`). */
export type PatchFile =
  | { readonly kind: 'add'; readonly path: string; readonly content: string }
  | { readonly kind: 'update'; readonly path: string; readonly edits: EditOp[] }
  | { readonly kind: 'delete'; readonly path: string };

/**
 * Parses the patch format Codex's apply_patch tool takes (and Copilot's apply_patch): `*** Add
 * File: p` with `+` lines, `*** Update File: p` (optionally `*** Move to: q`) with `@@` hunks of
 * ` ` context, `-` removed and `+` added lines, `*** Delete File: p`. Each hunk becomes one
 * replacement of its context+removed lines by its context+added lines. Throws PayloadError on
 * anything else.
 */
export function parseApplyPatch(patch: string): PatchFile[] {
  if (patch.length > LIMITS.text) throw new PayloadError('patch is too large');
  const lines = patch.replace(/\r\n/g, '\n').split('\n');
  let i = lines.findIndex((l) => l.trim() === '*** Begin Patch');
  if (i < 0) throw new PayloadError('not an apply_patch patch (no "*** Begin Patch")');
  i++;
  const files: PatchFile[] = [];
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '*** End Patch') return files;
    let m: RegExpExecArray | null;
    if ((m = /^\*\*\* Add File: (.+)$/.exec(line))) {
      i++;
      const body: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('+')) body.push(lines[i++]!.slice(1));
      files.push({ kind: 'add', path: m[1]!.trim(), content: body.length ? `${body.join('\n')}\n` : '' });
    } else if ((m = /^\*\*\* Delete File: (.+)$/.exec(line))) {
      files.push({ kind: 'delete', path: m[1]!.trim() });
      i++;
    } else if ((m = /^\*\*\* Update File: (.+)$/.exec(line))) {
      let path = m[1]!.trim();
      i++;
      const moved = /^\*\*\* Move to: (.+)$/.exec(lines[i] ?? '');
      if (moved) {
        path = moved[1]!.trim();
        i++;
      }
      const edits: EditOp[] = [];
      let oldL: string[] = [];
      let newL: string[] = [];
      const flush = (): void => {
        if (oldL.length || newL.length) edits.push({ oldText: join(oldL), newText: join(newL) });
        oldL = [];
        newL = [];
      };
      while (i < lines.length && !lines[i]!.startsWith('*** ') ) {
        const l = lines[i]!;
        if (l.startsWith('@@')) flush();
        else if (l.startsWith('+')) newL.push(l.slice(1));
        else if (l.startsWith('-')) oldL.push(l.slice(1));
        else if (l.startsWith(' ')) {
          oldL.push(l.slice(1));
          newL.push(l.slice(1));
        } else if (l === '') {
          // A blank context line whose leading space was lost.
          oldL.push('');
          newL.push('');
        } else throw new PayloadError(`unexpected patch line ${i + 1}`);
        i++;
      }
      if (lines[i] === '*** End of File') i++;
      flush();
      if (edits.length > LIMITS.edits) throw new PayloadError('patch has too many hunks');
      files.push({ kind: 'update', path, edits });
    } else if (line.trim() === '') {
      i++;
    } else {
      throw new PayloadError(`unexpected patch line ${i + 1}`);
    }
  }
  throw new PayloadError('patch has no "*** End Patch"');
}

function join(lines: readonly string[]): string {
  // Trailing blank "context" produced by a final newline in the patch text is not content.
  const l = [...lines];
  while (l.length && l[l.length - 1] === '') l.pop();
  return l.length ? `${l.join('\n')}\n` : '';
}
