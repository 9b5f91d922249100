import type { TextLike } from '../text/textLike';

/**
 * The one definition of an AI line, used by the status bar, the commit hook and the gate:
 * - a line is AI when at least one non-whitespace character on it is AI-origin;
 * - an AI line is edited when it also holds a non-whitespace character of human origin.
 * Whitespace never counts: re-indenting AI code does not make it human, and an AI-inserted
 * blank line is not an AI line.
 */
export interface LineAttribution<T> {
  /** The values (origins) of the AI spans with non-whitespace characters on the line. */
  readonly values: T[];
  readonly edited: boolean;
}

export interface Span<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

const NON_WS = /\S/;

/** Attribution of every line that has AI characters; `spans` must not overlap. */
export function attributeLines<T>(text: TextLike, spans: readonly Span<T>[]): Map<number, LineAttribution<T>> {
  const cover = new Map<number, { from: number; to: number; value: T }[]>();
  for (const span of spans) {
    if (span.end <= span.start) continue;
    const s = text.positionAt(span.start);
    const e = text.positionAt(span.end);
    for (let line = s.line; line <= e.line; line++) {
      const from = line === s.line ? s.character : 0;
      const to = line === e.line ? e.character : Number.MAX_SAFE_INTEGER;
      if (to <= from) continue;
      let list = cover.get(line);
      if (!list) cover.set(line, (list = []));
      list.push({ from, to, value: span.value });
    }
  }
  const out = new Map<number, LineAttribution<T>>();
  for (const [line, pieces] of cover) {
    const lineText = text.lineText(line);
    const values: T[] = [];
    for (const p of pieces) {
      if (NON_WS.test(lineText.slice(p.from, Math.min(p.to, lineText.length))) && !values.includes(p.value)) values.push(p.value);
    }
    if (values.length === 0) continue;
    out.set(line, { values, edited: hasHumanText(lineText, pieces) });
  }
  return out;
}

function hasHumanText(lineText: string, pieces: readonly { from: number; to: number }[]): boolean {
  const sorted = [...pieces].sort((a, b) => a.from - b.from);
  let pos = 0;
  for (const p of sorted) {
    if (p.from > pos && NON_WS.test(lineText.slice(pos, p.from))) return true;
    pos = Math.max(pos, p.to);
  }
  return pos < lineText.length && NON_WS.test(lineText.slice(pos));
}

/** Lines with at least one non-whitespace character: the denominator of "share of AI lines". */
export function countContentLines(text: TextLike): number {
  let n = 0;
  for (let i = 0; i < text.lineCount; i++) if (NON_WS.test(text.lineText(i))) n++;
  return n;
}
