import type * as vscode from 'vscode';
import { anchorRanges } from '../../core/ledger/anchor';
import type { LedgerFile } from '../../core/ledger/format';
import { loadParts, snapshotLedger } from '../../core/ledger/trackerBridge';
import type { AiRecord } from '../../core/tracking/provenanceTracker';
import { ProvenanceTracker } from '../../core/tracking/provenanceTracker';
import { gitBlobId } from '../../core/text/hash';
import type { DocLocation } from './storageLocator';
import { documentText } from './textAdapter';

/**
 * One open document's tracker and its link to the ledger on disk. Everything here is
 * synchronous against the document's current text, so no edit can slip in between reading the
 * text and placing ranges in it.
 */
export class TrackedDocument {
  readonly tracker: ProvenanceTracker;
  location: DocLocation | undefined;
  /**
   * Every record this session has had. A ledger id we do not know was written by another
   * process (a CLI mark) and is imported; a known id that is no longer live was deleted here
   * and must not come back from a stale ledger, unless a reload lost it (`restorable`).
   */
  private readonly known = new Map<string, AiRecord>();
  private readonly restorable = new Set<string>();
  /**
   * Ids the ledger on disk held when we last read or wrote it. An id in here that a newer ledger
   * no longer has was removed by another process on purpose (the post-commit hook retiring
   * committed lines, `mark --human`): it goes here too, instead of being written back.
   */
  private synced = new Set<string>();
  dirtySinceFlush = false;
  /** mtime of the ledger file as we last wrote or read it; another value means someone else wrote. */
  ledgerStamp = 0;

  constructor(readonly document: vscode.TextDocument) {
    this.tracker = new ProvenanceTracker(document.getText().length);
  }

  get uri(): vscode.Uri {
    return this.document.uri;
  }

  /** Marks every AI record with text in `[start, end)` as reviewed by `by`, now. */
  markReviewed(start: number, end: number, by: string): number {
    const records = new Set(this.tracker.rangesIn(start, end).map((r) => r.record));
    const at = new Date().toISOString();
    for (const r of records) r.reviewed = { by, at };
    return records.size;
  }

  /** Ids live before a reload replaced the text may be placed again from the ledger. */
  allowRestore(ids: Iterable<string>): void {
    for (const id of ids) this.restorable.add(id);
  }

  liveIds(): Set<string> {
    return new Set(this.tracker.records().map((r) => r.id));
  }

  /**
   * Brings a ledger read from disk into the tracker. When it describes exactly the current text
   * it is authoritative (another process marked or unmarked lines); otherwise only records this
   * session has not seen, or lost to a reload, are placed, by line hashes.
   */
  applyLedger(ledger: LedgerFile): { imported: number; lost: number; created: AiRecord[] } {
    this.remember();
    const exact = ledger.contentHash === gitBlobId(this.document.getText());
    let wanted = ledger.ranges;
    if (exact) {
      this.tracker.clear();
    } else {
      this.dropRemovedElsewhere(ledger);
      const live = this.liveIds();
      wanted = ledger.ranges.filter((r) => !live.has(r.id) && (!this.known.has(r.id) || this.restorable.has(r.id)));
    }
    const { parts, lost } = anchorRanges(wanted, documentText(this.document), exact);
    const created = loadParts(this.tracker, parts, this.known);
    this.restorable.clear();
    this.remember();
    this.synced = new Set(ledger.ranges.map((r) => r.id));
    return { imported: parts.length, lost, created };
  }

  /** The ledger for the current text, keeping records another process added meanwhile. */
  snapshot(current: LedgerFile | undefined, key: string): LedgerFile {
    this.remember();
    const text = this.document.getText();
    const contentHash = gitBlobId(text);
    this.dropRemovedElsewhere(current);
    if (current) {
      const foreign = current.ranges.filter((r) => !this.known.has(r.id));
      if (foreign.length > 0) {
        loadParts(this.tracker, anchorRanges(foreign, documentText(this.document), current.contentHash === contentHash).parts, this.known);
        this.remember();
      }
    }
    const next = snapshotLedger(key, documentText(this.document), contentHash, this.tracker, 'vscode');
    this.synced = new Set(next.ranges.map((r) => r.id));
    return next;
  }

  /** The ledger file was deleted by another process: what it held is gone on purpose. */
  ledgerGone(): boolean {
    const had = this.synced.size > 0;
    this.dropRemovedElsewhere(undefined);
    this.synced = new Set();
    return had;
  }

  private dropRemovedElsewhere(current: LedgerFile | undefined): void {
    if (this.synced.size === 0) return;
    const still = new Set((current?.ranges ?? []).map((r) => r.id));
    const gone = new Set([...this.synced].filter((id) => !still.has(id)));
    if (gone.size === 0) return;
    for (const r of this.tracker.ranges()) if (gone.has(r.record.id)) this.tracker.setOrigin(r.start, r.end, null);
  }

  private remember(): void {
    for (const r of this.tracker.records()) this.known.set(r.id, r);
  }
}
