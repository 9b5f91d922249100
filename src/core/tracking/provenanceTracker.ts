import { randomBytes } from 'node:crypto';
import type { OriginMeta, Review } from '../origin';
import type { Run, SegmentObserver } from './segmentTree';
import { SegmentTree } from './segmentTree';
import { TombstoneLog } from './tombstones';

/**
 * One AI contribution: the text one accept, one agent write or one mark produced. Human edits
 * inside it may split it into several runs; they all point at the same record.
 */
export interface AiRecord {
  readonly id: string;
  origin: OriginMeta;
  /** A human has changed characters inside it (and has not undone that change). */
  edited: boolean;
  /** `edited` came from disk: undo in this session cannot prove it clean again. */
  editedPersisted: boolean;
  reviewed?: Review;
  /** Length when it was written (or loaded); with `liveLength` tells whether it is intact. */
  originalLength: number;
  liveLength: number;
  runCount: number;
}

export interface AiRange {
  readonly start: number;
  readonly end: number;
  readonly record: AiRecord;
}

/** One contentChange of an editor event, in offsets of the document as it was before it. */
export interface TextChange {
  readonly offset: number;
  readonly deleteLength: number;
  readonly insertLength: number;
}

export type ChangeSource =
  | { readonly kind: 'human' }
  | { readonly kind: 'ai'; readonly origin: OriginMeta }
  | { readonly kind: 'undo' }
  | { readonly kind: 'redo' };

export type IdFactory = () => string;

export const randomId: IdFactory = () => randomBytes(8).toString('hex');

/**
 * Per-document AI-origin ranges, kept exact through every edit. Costs O(log n) per change in
 * the number of ranges; nothing here looks at the text itself.
 */
export class ProvenanceTracker {
  private readonly tree: SegmentTree<AiRecord>;
  /**
   * What deletions removed, in two stacks that mirror VS Code's: an undo re-inserts what an
   * ordinary edit (or a redo) deleted; a redo re-inserts what an undo deleted. Keeping them apart
   * stops an undo from picking up a deletion that only a redo may restore.
   */
  private readonly undoable = new TombstoneLog<AiRecord>();
  private readonly redoable = new TombstoneLog<AiRecord>();
  private readonly live = new Set<AiRecord>();

  constructor(
    length: number,
    private readonly newId: IdFactory = randomId,
  ) {
    const observer: SegmentObserver<AiRecord> = {
      added: (rec, len) => {
        rec.liveLength += len;
        if (rec.runCount++ === 0) this.live.add(rec);
      },
      removed: (rec, len) => {
        rec.liveLength -= len;
        if (--rec.runCount === 0) this.live.delete(rec);
      },
    };
    this.tree = new SegmentTree<AiRecord>(length, observer);
  }

  get length(): number {
    return this.tree.length;
  }

  /** How many records have text in the document (O(1), for hot paths). */
  get recordCount(): number {
    return this.live.size;
  }

  /** Records with at least one character left in the document. */
  records(): AiRecord[] {
    return [...this.live];
  }

  ranges(): AiRange[] {
    return this.tree.valuedRuns().map(toRange);
  }

  rangesIn(start: number, end: number): AiRange[] {
    return this.tree.runsIn(start, end).filter(hasValue).map(toRange);
  }

  /** The AI range containing the character at `offset`, if any. */
  rangeAt(offset: number): AiRange | undefined {
    const run = this.tree.runAt(offset);
    return run && hasValue(run) ? toRange(run) : undefined;
  }

  newRecord(origin: OriginMeta, length: number, id?: string): AiRecord {
    return {
      id: id ?? this.newId(),
      origin,
      edited: false,
      editedPersisted: false,
      originalLength: length,
      liveLength: 0,
      runCount: 0,
    };
  }

  /**
   * Applies one editor event. Changes are applied in order, each in offsets of the document as
   * the previous ones left it (how VS Code's extension host applies them too).
   */
  applyChanges(changes: readonly TextChange[], source: ChangeSource): AiRecord[] {
    const touched = new Set<AiRecord>();
    const created: AiRecord[] = [];
    for (const change of changes) this.applyOne(change, source, touched, created);
    if (source.kind === 'undo' || source.kind === 'redo') {
      // Undoing the human edit that made a record "edited" makes it intact again.
      for (const rec of touched) {
        if (rec.edited && !rec.editedPersisted && rec.runCount === 1 && rec.liveLength === rec.originalLength) {
          rec.edited = false;
        }
      }
    }
    return created;
  }

  /** Sets the origin of `[start, end)`: a record, or `null` for human. Used by marks and loads. */
  setOrigin(start: number, end: number, record: AiRecord | null): void {
    const s = clamp(start, 0, this.length);
    const e = clamp(end, s, this.length);
    if (e === s) return;
    this.tree.splice(s, e - s, [{ length: e - s, value: record }]);
  }

  /** Forgets every AI range (the document's length is kept). */
  clear(): void {
    this.tree.reset(this.length, null);
    this.undoable.clear();
    this.redoable.clear();
  }

  /** Re-synchronises with a document whose length we lost track of: everything becomes human. */
  reset(length: number): void {
    this.tree.reset(length, null);
    this.undoable.clear();
    this.redoable.clear();
  }

  private applyOne(change: TextChange, source: ChangeSource, touched: Set<AiRecord>, created: AiRecord[]): void {
    const offset = clamp(change.offset, 0, this.length);
    const del = clamp(change.deleteLength, 0, this.length - offset);
    const ins = Math.max(0, change.insertLength);
    const human = source.kind !== 'ai';

    const removed = del > 0 ? this.tree.splice(offset, del, []) : [];
    for (const run of removed) {
      if (!run.value) continue;
      touched.add(run.value);
      // Partly deleted by a human: what is left was edited. Wholly deleted: simply gone.
      if (human && run.value.liveLength > 0) run.value.edited = true;
    }
    if (del > 0 && source.kind !== 'ai' && source.kind !== 'human') {
      // Removing human text from inside a record re-joins it: it may be intact again.
      const joined = offset > 0 ? this.tree.runAt(offset - 1)?.value : undefined;
      if (joined) touched.add(joined);
    }

    if (ins > 0) {
      let runs: { length: number; value: AiRecord | null }[] | undefined;
      if (source.kind === 'undo') runs = this.undoable.takeMatching(offset, ins);
      else if (source.kind === 'redo') runs = this.redoable.takeMatching(offset, ins);
      if (runs) {
        for (const r of runs) if (r.value) touched.add(r.value);
      } else if (source.kind === 'ai') {
        const record = this.newRecord(source.origin, ins);
        created.push(record);
        runs = [{ length: ins, value: record }];
      } else {
        runs = [{ length: ins, value: null }];
      }
      // Human text landing strictly inside a record edits it (also when redo puts it back).
      if (human && offset > 0 && offset < this.length && runs.some((r) => r.value === null)) {
        const before = this.tree.runAt(offset - 1);
        if (before?.value && before.value === this.tree.runAt(offset)?.value) {
          before.value.edited = true;
          touched.add(before.value);
        }
      }
      this.tree.splice(offset, 0, runs);
    }

    if (source.kind === 'undo') {
      if (del > 0) this.redoable.push(offset, del, removed);
    } else {
      if (del > 0) this.undoable.push(offset, del, removed);
      // A new edit empties VS Code's redo stack; ours follows.
      if (source.kind !== 'redo') this.redoable.clear();
    }
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function hasValue(run: Run<AiRecord>): run is Run<AiRecord> & { value: AiRecord } {
  return run.value !== null;
}

function toRange(run: Run<AiRecord>): AiRange {
  return { start: run.start, end: run.start + run.length, record: run.value! };
}
