import type { TextChange } from './provenanceTracker';

/**
 * Where each change's inserted text ends up once every change of the event is applied (changes
 * apply in order, each against the text the previous ones left). Used to re-mark inserted text
 * after the fact, e.g. when a change turns out to have been a reload from disk.
 */
export function insertedSpans(changes: readonly TextChange[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const c of changes) {
    const delta = c.insertLength - c.deleteLength;
    const end = c.offset + c.deleteLength;
    for (const s of spans) {
      if (s[0] >= end) {
        s[0] += delta;
        s[1] += delta;
      } else if (s[1] > c.offset) {
        // An earlier insertion partly replaced again: keep what survives before the new change.
        s[1] = Math.max(s[0], Math.min(s[1], c.offset));
      }
    }
    if (c.insertLength > 0) spans.push([c.offset, c.offset + c.insertLength]);
  }
  return spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
}
