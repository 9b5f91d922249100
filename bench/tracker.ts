import { makeOrigin } from '../src/core/origin';
import type { ChangeSource, TextChange } from '../src/core/tracking/provenanceTracker';
import { ProvenanceTracker } from '../src/core/tracking/provenanceTracker';
import { fmt, percentile, rng, sortedCopy, verdict } from './stats';

const LINES = 50_000;
const CHARS_PER_LINE = 40;
const RANGES = 10_000;
const EDITS = 100_000;

/** The naive reference: a sorted array of ranges, every one shifted or trimmed on every change. */
interface NaiveRange {
  start: number;
  end: number;
  id: number;
}

class NaiveTracker {
  ranges: NaiveRange[] = [];
  private nextId = 1_000_000;
  apply(c: TextChange, ai: boolean): void {
    const end = c.offset + c.deleteLength;
    const delta = c.insertLength - c.deleteLength;
    const next: NaiveRange[] = [];
    for (const r of this.ranges) {
      if (r.end <= c.offset) next.push(r);
      else if (r.start >= end) next.push({ start: r.start + delta, end: r.end + delta, id: r.id });
      else {
        if (r.start < c.offset) next.push({ start: r.start, end: c.offset, id: r.id });
        if (r.end > end) next.push({ start: c.offset + c.insertLength, end: r.end + delta, id: r.id });
      }
    }
    if (ai && c.insertLength > 0) {
      const i = next.findIndex((r) => r.start >= c.offset);
      next.splice(i < 0 ? next.length : i, 0, { start: c.offset, end: c.offset + c.insertLength, id: this.nextId++ });
    }
    this.ranges = next;
  }
}

interface Edit {
  change: TextChange;
  ai: boolean;
}

function workload(seed: number): { initialLength: number; ranges: { start: number; end: number }[]; edits: Edit[] } {
  const random = rng(seed);
  const initialLength = LINES * CHARS_PER_LINE;
  const ranges: { start: number; end: number }[] = [];
  const slot = Math.floor(initialLength / RANGES);
  for (let i = 0; i < RANGES; i++) {
    const start = i * slot + Math.floor(random() * (slot / 2));
    ranges.push({ start, end: start + 10 + Math.floor(random() * (slot / 2 - 10)) });
  }
  const edits: Edit[] = [];
  let length = initialLength;
  // Typing happens in bursts near a cursor that jumps now and then, like a person editing.
  let cursor = Math.floor(random() * length);
  for (let i = 0; i < EDITS; i++) {
    if (random() < 0.02) cursor = Math.floor(random() * length);
    const roll = random();
    let change: TextChange;
    let ai = false;
    if (roll < 0.6) change = { offset: cursor, deleteLength: 0, insertLength: 1 };
    else if (roll < 0.8) change = { offset: Math.max(0, cursor - 1), deleteLength: Math.min(1, length), insertLength: 0 };
    else if (roll < 0.95) change = { offset: cursor, deleteLength: Math.min(Math.floor(random() * 30), length - cursor), insertLength: Math.floor(random() * 30) };
    else {
      change = { offset: cursor, deleteLength: 0, insertLength: 20 + Math.floor(random() * 400) };
      ai = true;
    }
    length += change.insertLength - change.deleteLength;
    cursor = Math.min(length, Math.max(0, change.offset + change.insertLength));
    edits.push({ change, ai });
  }
  return { initialLength, ranges, edits };
}

function measure(edits: Edit[], apply: (e: Edit) => void): Float64Array {
  const times = new Float64Array(edits.length);
  for (let i = 0; i < edits.length; i++) {
    const t0 = process.hrtime.bigint();
    apply(edits[i]!);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return times;
}

export function run(): { ok: boolean; p99: number; ratio: number } {
  const { initialLength, ranges, edits } = workload(7);
  const origin = makeOrigin({ tool: 'bench', mode: 'suggestive', time: 0 });
  const aiSource: ChangeSource = { kind: 'ai', origin };
  const human: ChangeSource = { kind: 'human' };

  const tracker = new ProvenanceTracker(initialLength, (() => {
    let n = 0;
    return () => `b${++n}`;
  })());
  for (const r of ranges) tracker.setOrigin(r.start, r.end, tracker.newRecord(origin, r.end - r.start));
  const naive = new NaiveTracker();
  naive.ranges = ranges.map((r, i) => ({ ...r, id: i }));

  // Warm up the JIT on a copy of the workload, then measure.
  const warm = new ProvenanceTracker(initialLength);
  for (const e of edits.slice(0, 5000)) warm.applyChanges([e.change], e.ai ? aiSource : human);

  const t = sortedCopy(measure(edits, (e) => tracker.applyChanges([e.change], e.ai ? aiSource : human)));
  const n = sortedCopy(measure(edits, (e) => naive.apply(e.change, e.ai)));

  // Both must describe the same ranges at the end, or the comparison means nothing.
  const got = tracker.ranges().map((r) => `${r.start}-${r.end}`).join();
  const want = mergeAdjacent(naive.ranges).map((r) => `${r.start}-${r.end}`).join();
  if (got !== want) throw new Error('tracker and naive reference disagree about the final ranges');

  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const tMed = percentile(t, 50);
  const tP99 = percentile(t, 99);
  const nMed = percentile(n, 50);
  const nP99 = percentile(n, 99);
  const ratio = mean(n) / mean(t);
  console.log(`\n== Range tracker: ${EDITS.toLocaleString()} edits, ${LINES.toLocaleString()}-line document, ${RANGES.toLocaleString()} AI ranges at start (${tracker.ranges().length.toLocaleString()} at end)`);
  console.log(`  tracker          median ${fmt(tMed)} µs   p99 ${fmt(tP99)} µs   mean ${fmt(mean(t))} µs`);
  console.log(`  naive reference  median ${fmt(nMed)} µs   p99 ${fmt(nP99)} µs   mean ${fmt(mean(n))} µs`);
  console.log(`  speed-up (mean)  ${fmt(ratio, 1)}x   median ${fmt(nMed / tMed, 1)}x   p99 ${fmt(nP99 / tP99, 1)}x`);
  console.log(`  target p99 < 50 µs: ${verdict(tP99 < 50)}   target >= 20x faster: ${verdict(ratio >= 20)}`);
  return { ok: tP99 < 50 && ratio >= 20, p99: tP99, ratio };
}

/** The naive array never re-joins the parts of one record; the tracker does, so join them here. */
function mergeAdjacent(ranges: NaiveRange[]): NaiveRange[] {
  const out: NaiveRange[] = [];
  for (const r of ranges) {
    if (r.end <= r.start) continue;
    const last = out[out.length - 1];
    if (last && last.end === r.start && last.id === r.id) last.end = r.end;
    else out.push({ ...r });
  }
  return out;
}
