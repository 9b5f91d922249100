import type { AiRange } from '../tracking/provenanceTracker';
import { lineHash } from '../text/hash';
import type { TextLike } from '../text/textLike';
import type { LedgerRange, LinePos } from './format';
import { coveredLineCount } from './format';

/** A ledger range placed in a concrete text, as offsets. */
export interface AnchoredPart {
  readonly range: LedgerRange;
  readonly start: number;
  readonly end: number;
}

export interface AnchorResult {
  readonly parts: AnchoredPart[];
  /** Ranges placed somewhere else than their recorded lines (the file changed while closed). */
  readonly moved: number;
  /** Ranges (or parts of them) that could not be found and were dropped. */
  readonly lost: number;
}

/** Ledger ranges for a tracker's AI ranges over the text they describe. */
export function toLedgerRanges(text: TextLike, ranges: readonly AiRange[]): LedgerRange[] {
  const out: LedgerRange[] = [];
  for (const r of ranges) {
    const s = text.positionAt(r.start);
    const e = text.positionAt(r.end);
    const start: LinePos = [s.line, s.character];
    const end: LinePos = [e.line, e.character];
    const n = coveredLineCount(start, end);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(lineHash(text.lineText(s.line + i)));
    const o = r.record.origin;
    out.push({
      id: r.record.id,
      start,
      end,
      lines,
      kind: o.kind,
      tool: o.tool,
      mode: o.mode,
      ...(o.model ? { model: o.model } : {}),
      time: new Date(o.time).toISOString(),
      confidence: o.confidence,
      edited: r.record.edited,
      ...(r.record.reviewed ? { reviewed: r.record.reviewed } : {}),
      ...(o.source ? { source: o.source } : {}),
      ...(o.sessionId ? { session: o.sessionId } : {}),
    });
  }
  return out;
}

/**
 * Places ledger ranges in `text`. When the ledger describes exactly this text (same blob id) the
 * recorded positions are used as they are. Otherwise each range is re-found by the hashes of its
 * lines, nearest to where it was; ranges whose lines partly changed keep the parts that can
 * still be found with confidence, and the rest is dropped: never misplaced.
 */
export function anchorRanges(ranges: readonly LedgerRange[], text: TextLike, exact: boolean): AnchorResult {
  const parts: AnchoredPart[] = [];
  let moved = 0;
  let lost = 0;
  let index: LineHashIndex | undefined;
  for (const range of ranges) {
    if (exact || linesMatchAt(range, text, range.start[0])) {
      const part = place(range, text, range.start[0], 0, range.lines.length - 1);
      if (part) parts.push(part);
      else lost++;
      continue;
    }
    index ??= new LineHashIndex(text);
    const whole = index.nearestRun(range.lines, range.start[0]);
    if (whole !== undefined && significance(text, whole, range.lines.length) >= MIN_SIGNIFICANT) {
      const part = place(range, text, whole, 0, range.lines.length - 1);
      if (part) {
        parts.push(part);
        moved++;
        continue;
      }
    }
    const salvaged = salvage(range, text, index);
    if (salvaged.length > 0) moved++;
    else lost++;
    parts.push(...salvaged);
  }
  return { parts, moved, lost };
}

function linesMatchAt(range: LedgerRange, text: TextLike, line: number): boolean {
  if (line + range.lines.length > text.lineCount) return false;
  return range.lines.every((h, i) => lineHash(text.lineText(line + i)) === h);
}

/**
 * Offsets for lines `first..last` of `range` placed so that its line `first` lands on
 * `atLine + first`. Partial first and last lines keep their recorded characters; interior cuts
 * take whole lines.
 */
function place(range: LedgerRange, text: TextLike, atLine: number, first: number, last: number): AnchoredPart | undefined {
  const startLine = atLine + first;
  const startChar = first === 0 ? range.start[1] : 0;
  let endPos: { line: number; character: number };
  if (last === range.lines.length - 1) {
    const endsAtLineStart = range.end[1] === 0 && range.end[0] > range.start[0];
    endPos = endsAtLineStart
      ? { line: atLine + last + 1, character: 0 }
      : { line: atLine + last, character: Math.min(range.end[1], text.lineText(atLine + last).length) };
  } else {
    endPos = { line: atLine + last + 1, character: 0 };
  }
  const start = text.offsetAt({ line: startLine, character: Math.min(startChar, text.lineText(startLine).length) });
  const end = endPos.line >= text.lineCount ? text.offsetAt({ line: text.lineCount - 1, character: Number.MAX_SAFE_INTEGER }) : text.offsetAt(endPos);
  return end > start ? { range, start, end } : undefined;
}

/** Enough distinctive text that a match is not a coincidence (a lone `}` or blank line is not). */
const MIN_SIGNIFICANT = 12;

function significance(text: TextLike, fromLine: number, count: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) n += text.lineText(fromLine + i).replace(/\s+/g, '').length;
  return n;
}

function salvage(range: LedgerRange, text: TextLike, index: LineHashIndex): AnchoredPart[] {
  const out: AnchoredPart[] = [];
  const k = range.lines.length;
  let j = 0;
  while (j < k) {
    const candidates = index.linesOf(range.lines[j]!);
    let best: { at: number; len: number } | undefined;
    for (const line of candidates) {
      const at = line - j; // where the range's first line would be
      let len = 1;
      while (j + len < k && index.hashAt(line + len) === range.lines[j + len]) len++;
      const dist = Math.abs(at - range.start[0]);
      if (!best || len > best.len || (len === best.len && dist < Math.abs(best.at - range.start[0]))) best = { at, len };
    }
    if (best && significance(text, best.at + j, best.len) >= MIN_SIGNIFICANT) {
      const part = place(range, text, best.at, j, j + best.len - 1);
      if (part) out.push(part);
      j += best.len;
    } else {
      j++;
    }
  }
  return out;
}

class LineHashIndex {
  private readonly hashes: string[] = [];
  private readonly byHash = new Map<string, number[]>();

  constructor(text: TextLike) {
    for (let i = 0; i < text.lineCount; i++) {
      const h = lineHash(text.lineText(i));
      this.hashes.push(h);
      const list = this.byHash.get(h);
      if (list) list.push(i);
      else this.byHash.set(h, [i]);
    }
  }

  hashAt(line: number): string | undefined {
    return this.hashes[line];
  }

  linesOf(hash: string): readonly number[] {
    return this.byHash.get(hash) ?? [];
  }

  /** The start line nearest to `near` where all of `lines` match in sequence. */
  nearestRun(lines: readonly string[], near: number): number | undefined {
    let best: number | undefined;
    for (const line of this.linesOf(lines[0]!)) {
      if (!lines.every((h, i) => this.hashes[line + i] === h)) continue;
      if (best === undefined || Math.abs(line - near) < Math.abs(best - near)) best = line;
    }
    return best;
  }
}
