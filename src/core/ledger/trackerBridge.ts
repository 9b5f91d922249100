import type { AiRecord, ProvenanceTracker } from '../tracking/provenanceTracker';
import type { TextLike } from '../text/textLike';
import type { AnchoredPart } from './anchor';
import { toLedgerRanges } from './anchor';
import type { LedgerFile } from './format';
import { LEDGER_FORMAT, LEDGER_VERSION, originOfRange } from './format';

/**
 * Puts anchored ledger parts into a tracker. Parts sharing an id become one record again.
 * `known` maps ids already in the tracker to their records, so re-imports reuse them.
 */
export function loadParts(tracker: ProvenanceTracker, parts: readonly AnchoredPart[], known = new Map<string, AiRecord>()): AiRecord[] {
  const created: AiRecord[] = [];
  const totals = new Map<string, number>();
  for (const p of parts) totals.set(p.range.id, (totals.get(p.range.id) ?? 0) + (p.end - p.start));
  for (const part of parts) {
    let record = known.get(part.range.id);
    if (!record) {
      record = tracker.newRecord(originOfRange(part.range), totals.get(part.range.id) ?? 0, part.range.id);
      record.edited = part.range.edited;
      record.editedPersisted = part.range.edited;
      if (part.range.reviewed) record.reviewed = part.range.reviewed;
      known.set(record.id, record);
      created.push(record);
    } else {
      // A known record read back from disk: flags written by another process still count.
      if (part.range.edited) record.edited = true;
      if (part.range.reviewed) record.reviewed = part.range.reviewed;
    }
    tracker.setOrigin(part.start, part.end, record);
  }
  return created;
}

/** The ledger describing a tracker's state over `text` (whose git blob id is `contentHash`). */
export function snapshotLedger(path: string, text: TextLike, contentHash: string, tracker: ProvenanceTracker, writer: string): LedgerFile {
  return {
    format: LEDGER_FORMAT,
    version: LEDGER_VERSION,
    path,
    contentHash,
    updated: new Date().toISOString(),
    writer,
    ranges: toLedgerRanges(text, tracker.ranges()),
  };
}
