import type { OriginMeta } from '../core/origin';
import { anchorRanges } from '../core/ledger/anchor';
import { loadParts, snapshotLedger } from '../core/ledger/trackerBridge';
import { ProvenanceTracker } from '../core/tracking/provenanceTracker';
import { gitBlobId } from '../core/text/hash';
import { LineIndex } from '../core/text/lineIndex';
import type { LedgerStore } from './ledgerStore';

export interface MarkResult {
  /** 1-based inclusive line ranges that were marked. */
  readonly lines: [number, number][];
  readonly totalRanges: number;
}

/**
 * Records `origin` (null: human) over whole lines of a file's current text, keeping every other
 * range already in its ledger (re-anchored if the file changed since it was written). The same
 * tracker the editor uses does the range arithmetic, so marks overlap and split identically.
 */
export async function markLines(
  store: LedgerStore,
  relPath: string,
  text: string,
  lines: readonly [number, number][] | 'all',
  origin: OriginMeta | null,
): Promise<MarkResult> {
  const index = new LineIndex(text);
  const contentHash = gitBlobId(text);
  const lastLine = text.length > 0 && /\r|\n/.test(text[text.length - 1]!) ? index.lineCount - 1 : index.lineCount;
  const wanted: [number, number][] = lines === 'all' ? [[1, Math.max(1, lastLine)]] : lines.map(([a, b]) => [a, b]);
  for (const [a, b] of wanted) {
    if (lines !== 'all' && b > lastLine) throw new RangeError(`line ${b} is past the end of ${relPath} (${lastLine} lines)`);
    if (a > b) throw new RangeError(`bad line range ${a}-${b}`);
  }
  const written = await store.update(relPath, (current) => {
    const tracker = new ProvenanceTracker(text.length);
    if (current) loadParts(tracker, anchorRanges(current.ranges, index, current.contentHash === contentHash).parts);
    for (const [a, b] of wanted) {
      const start = index.lineStart(a - 1);
      const end = b < index.lineCount ? index.lineStart(b) : text.length;
      tracker.setOrigin(start, end, origin ? tracker.newRecord(origin, end - start) : null);
    }
    const ledger = snapshotLedger(relPath, index, contentHash, tracker, 'cli');
    return ledger.ranges.length > 0 || current ? ledger : undefined;
  });
  return { lines: wanted, totalRanges: written?.ranges.length ?? 0 };
}
