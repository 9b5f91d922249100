import type { OriginMeta } from '../core/origin';
import { anchorRanges } from '../core/ledger/anchor';
import { loadParts, snapshotLedger } from '../core/ledger/trackerBridge';
import { ProvenanceTracker } from '../core/tracking/provenanceTracker';
import { gitBlobId } from '../core/text/hash';
import { LineIndex } from '../core/text/lineIndex';
import type { LedgerStore } from './ledgerStore';

/** A run of characters, `[start, end)` in UTF-16 code units of a file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface MarkSpansResult {
  /** The spans that were marked: sorted, merged, empty ones dropped. */
  readonly spans: Span[];
  readonly totalRanges: number;
}

/** Sorted, non-overlapping, non-empty; adjacent spans merged. Throws on spans outside `[0, length]`. */
export function normalizeSpans(spans: readonly Span[], length: number): Span[] {
  for (const s of spans) {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > length || s.start > s.end) {
      throw new RangeError(`span ${s.start}-${s.end} is outside the text (length ${length})`);
    }
  }
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * Records `origin` (null: human) over exact character spans of a file's current text, keeping every
 * other range already in its ledger (re-anchored if the file changed since it was written). All
 * spans become one record: one agent write is one contribution, however many pieces it has. The
 * same tracker the editor uses does the range arithmetic, as for `markLines`.
 */
export async function markSpans(
  store: LedgerStore,
  relPath: string,
  text: string,
  spans: readonly Span[],
  origin: OriginMeta | null,
): Promise<MarkSpansResult> {
  const wanted = normalizeSpans(spans, text.length);
  const index = new LineIndex(text);
  const contentHash = gitBlobId(text);
  const total = wanted.reduce((n, s) => n + (s.end - s.start), 0);
  const written = await store.update(relPath, (current) => {
    if (wanted.length === 0 && !current) return undefined;
    const tracker = new ProvenanceTracker(text.length);
    if (current) loadParts(tracker, anchorRanges(current.ranges, index, current.contentHash === contentHash).parts);
    const record = origin ? tracker.newRecord(origin, total) : null;
    for (const s of wanted) tracker.setOrigin(s.start, s.end, record);
    const ledger = snapshotLedger(relPath, index, contentHash, tracker, 'hook');
    return ledger.ranges.length > 0 || current ? ledger : undefined;
  });
  return { spans: wanted, totalRanges: written?.ranges.length ?? 0 };
}
