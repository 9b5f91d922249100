import type { Span } from '../state/markSpans';

/** `a[aStart, aStart+len)` equals `b[bStart, bStart+len)`. */
export interface Equal {
  readonly a: number;
  readonly b: number;
  readonly len: number;
}

/** Above this many differing lines the diff gives up and treats the middle as one replaced block. */
const MAX_EDIT_DISTANCE = 1000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n').map((l) => `${l}\n`);
  const last = lines.length - 1;
  lines[last] = lines[last]!.slice(0, -1);
  if (lines[last] === '') lines.pop();
  return lines;
}

type Op = { kind: 'eq'; a: number; b: number; n: number } | { kind: 'chg'; a: number; an: number; b: number; bn: number };

/** Myers' O(ND) line diff of `a[as..ae)` against `b[bs..be)`; undefined past MAX_EDIT_DISTANCE. */
function myers(a: readonly number[], b: readonly number[]): [number, number][] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(next);
        return backtrack(trace, n, m, offset, d);
      }
    }
    v = next;
  }
  return undefined;
}

/** The matched (equal) line pairs, in order. */
function backtrack(trace: Int32Array[], n: number, m: number, offset: number, dEnd: number): [number, number][] {
  const pairs: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]!; // state before step d
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY && x > 0 && y > 0) {
      x--;
      y--;
      pairs.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    pairs.push([x, y]);
  }
  return pairs.reverse();
}

function lineOps(al: readonly string[], bl: readonly string[]): Op[] {
  let pre = 0;
  while (pre < al.length && pre < bl.length && al[pre] === bl[pre]) pre++;
  let suf = 0;
  while (suf < al.length - pre && suf < bl.length - pre && al[al.length - 1 - suf] === bl[bl.length - 1 - suf]) suf++;
  const ids = new Map<string, number>();
  const intern = (s: string): number => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    return id;
  };
  const am = al.slice(pre, al.length - suf).map(intern);
  const bm = bl.slice(pre, bl.length - suf).map(intern);
  const pairs = am.length && bm.length ? myers(am, bm) : [];
  const ops: Op[] = [];
  if (pre) ops.push({ kind: 'eq', a: 0, b: 0, n: pre });
  if (pairs === undefined) {
    ops.push({ kind: 'chg', a: pre, an: am.length, b: pre, bn: bm.length });
  } else {
    let x = 0;
    let y = 0;
    for (const [px, py] of [...pairs, [am.length, bm.length] as [number, number]]) {
      if (px > x || py > y) ops.push({ kind: 'chg', a: pre + x, an: px - x, b: pre + y, bn: py - y });
      if (px < am.length) {
        const lastOp = ops[ops.length - 1];
        if (lastOp && lastOp.kind === 'eq' && lastOp.a + lastOp.n === pre + px && lastOp.b + lastOp.n === pre + py) lastOp.n++;
        else ops.push({ kind: 'eq', a: pre + px, b: pre + py, n: 1 });
      }
      x = px + 1;
      y = py + 1;
    }
  }
  if (suf) ops.push({ kind: 'eq', a: al.length - suf, b: bl.length - suf, n: suf });
  return ops;
}

/**
 * The runs of text `a` and `b` have in common, in order: equal lines (a line diff), and inside each
 * changed block of lines the common leading and trailing characters. What is left of `b` is what
 * was written; what is left of `a` is what was removed. Deliberately coarse inside a changed block
 * (no character LCS): "return 1" -> "return 2" keeps "return " and writes "2", but a block that was
 * rewritten counts as written, rather than scattering single matching letters.
 */
export function alignTexts(a: string, b: string): Equal[] {
  if (a === b) return a.length ? [{ a: 0, b: 0, len: a.length }] : [];
  const al = splitLines(a);
  const bl = splitLines(b);
  const aStart = offsets(al);
  const bStart = offsets(bl);
  const out: Equal[] = [];
  const push = (e: Equal): void => {
    if (e.len <= 0) return;
    const last = out[out.length - 1];
    if (last && last.a + last.len === e.a && last.b + last.len === e.b) out[out.length - 1] = { a: last.a, b: last.b, len: last.len + e.len };
    else out.push(e);
  };
  for (const op of lineOps(al, bl)) {
    if (op.kind === 'eq') {
      push({ a: aStart[op.a]!, b: bStart[op.b]!, len: aStart[op.a + op.n]! - aStart[op.a]! });
      continue;
    }
    if (op.an === op.bn) {
      // As many lines as before: each was edited in place; compare them pairwise.
      for (let k = 0; k < op.an; k++) refineLine(a, aStart[op.a + k]!, aStart[op.a + k + 1]!, b, bStart[op.b + k]!, bStart[op.b + k + 1]!, push);
    } else {
      trimmed(a, aStart[op.a]!, aStart[op.a + op.an]!, b, bStart[op.b]!, bStart[op.b + op.bn]!, push);
    }
  }
  return out;
}

/** Lines longer than this are only trimmed, not diffed character by character. */
const MAX_REFINED_LINE = 2000;
/** Equal runs shorter than this between two changes are noise ("e" of "return" and "item"), not kept text. */
const MIN_KEPT_RUN = 3;

/**
 * One line edited in place: a character diff of what is left after the common ends, so that
 * `return sum;` -> `return Math.round(sum);` writes "Math.round(" and ")", not "Math.round(sum)".
 * Matches shorter than MIN_KEPT_RUN between two changes count as written, which keeps accidental
 * single-letter matches from splitting a rewritten word.
 */
function refineLine(a: string, as: number, ae: number, b: string, bs: number, be: number, push: (e: Equal) => void): void {
  const { p, s } = commonEnds(a, as, ae, b, bs, be);
  push({ a: as, b: bs, len: p });
  const ma = as + p;
  const mb = bs + p;
  const la = ae - s - ma;
  const lb = be - s - mb;
  if (la > 0 && lb > 0 && la <= MAX_REFINED_LINE && lb <= MAX_REFINED_LINE) {
    const codes = (t: string, from: number, n: number): number[] => Array.from({ length: n }, (_, i) => t.charCodeAt(from + i));
    const pairs = myers(codes(a, ma, la), codes(b, mb, lb));
    if (pairs) {
      // Group matched characters into runs; keep the runs long enough to be real.
      let run: { a: number; b: number; len: number } | undefined;
      const flush = (): void => {
        if (run && run.len >= MIN_KEPT_RUN) push({ a: ma + run.a, b: mb + run.b, len: run.len });
        run = undefined;
      };
      for (const [x, y] of pairs) {
        if (run && run.a + run.len === x && run.b + run.len === y) run.len++;
        else {
          flush();
          run = { a: x, b: y, len: 1 };
        }
      }
      flush();
    }
  }
  push({ a: ae - s, b: be - s, len: s });
}

/** Lengths of the common prefix `p` and suffix `s` of `a[as, ae)` and `b[bs, be)` (not overlapping). */
function commonEnds(a: string, as: number, ae: number, b: string, bs: number, be: number): { p: number; s: number } {
  const limit = Math.min(ae - as, be - bs);
  let p = 0;
  while (p < limit && a.charCodeAt(as + p) === b.charCodeAt(bs + p)) p++;
  let s = 0;
  while (s < limit - p && a.charCodeAt(ae - 1 - s) === b.charCodeAt(be - 1 - s)) s++;
  return { p, s };
}

/** The common leading and trailing characters of `a[as, ae)` and `b[bs, be)` as equal runs. */
function trimmed(a: string, as: number, ae: number, b: string, bs: number, be: number, push: (e: Equal) => void): void {
  const { p, s } = commonEnds(a, as, ae, b, bs, be);
  push({ a: as, b: bs, len: p });
  push({ a: ae - s, b: be - s, len: s });
}

function offsets(lines: readonly string[]): number[] {
  const out = [0];
  for (const l of lines) out.push(out[out.length - 1]! + l.length);
  return out;
}

/** The parts of `b` that are not in `a` (what a change from `a` to `b` wrote). */
export function insertedSpans(a: string, b: string): Span[] {
  return complementInB(alignTexts(a, b), b.length);
}

export function complementInB(eqs: readonly Equal[], bLength: number): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const e of eqs) {
    if (e.b > at) out.push({ start: at, end: e.b });
    at = e.b + e.len;
  }
  if (bLength > at) out.push({ start: at, end: bLength });
  return out;
}

/** Spans of `a` carried into `b` through the equal runs; characters that did not survive are dropped. */
export function mapSpans(spans: readonly Span[], eqs: readonly Equal[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    for (const e of eqs) {
      const start = Math.max(s.start, e.a);
      const end = Math.min(s.end, e.a + e.len);
      if (end > start) out.push({ start: start - e.a + e.b, end: end - e.a + e.b });
    }
  }
  return out;
}

export function shiftSpans(spans: readonly Span[], by: number): Span[] {
  return spans.map((s) => ({ start: s.start + by, end: s.end + by }));
}
