import type { Span } from '../state/markSpans';
import { normalizeSpans } from '../state/markSpans';
import type { Equal } from './textDiff';
import { alignTexts, complementInB, insertedSpans, mapSpans, shiftSpans } from './textDiff';

/** One string replacement an agent made (Claude Code Edit, Cursor edits, a patch hunk). */
export interface EditOp {
  readonly oldText: string;
  readonly newText: string;
  readonly replaceAll?: boolean;
}

/**
 * What an agent says it wrote to one file.
 * - `edits`: replacements, applied in order; `original` is the file before them when the agent says.
 * - `content`: the whole new file; `original` is the file before (null: the agent created it;
 *   undefined: not said).
 */
export type WriteSpec =
  | { readonly kind: 'edits'; readonly edits: readonly EditOp[]; readonly original?: string }
  | { readonly kind: 'content'; readonly content: string; readonly original?: string | null };

export interface Located {
  /** Character spans of the file on disk that the agent wrote. */
  readonly spans: Span[];
  /** How they were found, for the log. */
  readonly method: string;
  /** Edits (or the content) that could not be placed, and why. */
  readonly problems: string[];
}

/**
 * Finds the characters an agent wrote in the file as it is on disk now (`after`). Only text the
 * agent produced is returned: context it repeated from the old text (an Edit's old_string shares
 * most of its new_string) is not, and when a write cannot be placed exactly it is left out, never
 * guessed. `baseline` is the file's previous version from elsewhere (git's index) for a whole-file
 * write whose payload does not carry the old content.
 */
export function locateWrite(after: string, spec: WriteSpec, baseline?: string): Located {
  if (spec.kind === 'content') return locateContent(after, spec.content, spec.original, baseline);
  if (spec.original !== undefined) {
    const simulated = simulateEdits(spec.original, spec.edits);
    if (simulated) {
      const spans = simulated.text === after ? simulated.spans : mapSpans(simulated.spans, alignTexts(simulated.text, after));
      return { spans: normalizeSpans(spans, after.length), method: simulated.text === after ? 'replayed' : 'replayed+realigned', problems: [] };
    }
  }
  return locateEditsOnDisk(after, spec.edits);
}

function locateContent(after: string, content: string, original: string | null | undefined, baseline: string | undefined): Located {
  const before = original ?? (original === null ? '' : baseline);
  const written = before === undefined ? (content ? [{ start: 0, end: content.length }] : []) : insertedSpans(before, content);
  const spans = content === after ? written : mapSpans(written, alignTexts(content, after));
  const method = original === null ? 'created' : original !== undefined ? 'diff-original' : baseline !== undefined ? 'diff-index' : 'whole-content';
  return { spans: normalizeSpans(spans, after.length), method: content === after ? method : `${method}+realigned`, problems: [] };
}

/**
 * Replays the edits on the original text, carrying what each wrote through the later ones.
 * Undefined when an edit's old text is not there (the payload and the original disagree).
 */
export function simulateEdits(original: string, edits: readonly EditOp[]): { text: string; spans: Span[] } | undefined {
  let text = original;
  let spans: Span[] = [];
  for (const edit of edits) {
    const positions: number[] = [];
    if (edit.oldText === '') {
      if (text !== '') return undefined;
      positions.push(0);
    } else {
      let at = text.indexOf(edit.oldText);
      while (at >= 0) {
        positions.push(at);
        if (!edit.replaceAll) break;
        at = text.indexOf(edit.oldText, at + edit.oldText.length);
      }
      if (positions.length === 0) return undefined;
    }
    const inner = alignTexts(edit.oldText, edit.newText);
    const written = complementInB(inner, edit.newText.length);
    const eqs: Equal[] = [];
    const added: Span[] = [];
    let aAt = 0;
    let delta = 0;
    let next = '';
    for (const pos of positions) {
      eqs.push({ a: aAt, b: aAt + delta, len: pos - aAt });
      for (const e of inner) eqs.push({ a: pos + e.a, b: pos + delta + e.b, len: e.len });
      added.push(...shiftSpans(written, pos + delta));
      next += text.slice(aAt, pos) + edit.newText;
      aAt = pos + edit.oldText.length;
      delta += edit.newText.length - edit.oldText.length;
    }
    eqs.push({ a: aAt, b: aAt + delta, len: text.length - aAt });
    next += text.slice(aAt);
    spans = [...mapSpans(spans, eqs), ...added];
    text = next;
  }
  return { text, spans };
}

/**
 * Without the original, each edit's new text is looked up in the file: found exactly once, what it
 * wrote there is marked; not found (the file changed again since) or found several times (which
 * one is the agent's cannot be told) it is reported and left out.
 */
function locateEditsOnDisk(after: string, edits: readonly EditOp[]): Located {
  const spans: Span[] = [];
  const problems: string[] = [];
  edits.forEach((edit, i) => {
    if (edit.newText === '') return; // a pure deletion writes nothing
    let needle = edit.newText;
    let oldText = edit.oldText;
    let hits = occurrences(after, needle, 2);
    if (hits.length === 0 && needle.endsWith('\n') && oldText.endsWith('\n')) {
      // A patch hunk at the end of a file without a final newline.
      needle = needle.slice(0, -1);
      oldText = oldText.slice(0, -1);
      hits = occurrences(after, needle, 2);
    }
    if (hits.length === 1) {
      spans.push(...shiftSpans(insertedSpans(oldText, needle), hits[0]!));
    } else {
      problems.push(`edit ${i + 1}: new text ${hits.length === 0 ? 'not found in the file' : 'occurs more than once; not marked'}`);
    }
  });
  return { spans: normalizeSpans(spans, after.length), method: 'found-on-disk', problems };
}

function occurrences(text: string, needle: string, limit: number): number[] {
  const out: number[] = [];
  let at = text.indexOf(needle);
  while (at >= 0 && out.length < limit) {
    out.push(at);
    at = text.indexOf(needle, at + 1);
  }
  return out;
}
