import type { Run } from './segmentTree';

interface Tombstone<T> {
  offset: number;
  length: number;
  runs: { length: number; value: T | null }[];
}

const CAPACITY = 256;
const SEARCH_DEPTH = 64;

/**
 * What recent deletions removed, so that undo and redo can put the same provenance back.
 *
 * VS Code's change events carry no deleted text, only offsets; but undo and redo are LIFO, so the
 * text an undo re-inserts is the text a recent deletion removed at the same offset, with the same
 * length. A run of single-character deletions (backspace or delete held down) is undone as one
 * insertion, so chains of those are recognised too. Anything unmatched is human: we never guess AI.
 */
export class TombstoneLog<T> {
  private entries: Tombstone<T>[] = [];

  push(offset: number, length: number, removed: readonly Run<T>[]): void {
    this.entries.push({ offset, length, runs: removed.map((r) => ({ length: r.length, value: r.value })) });
    if (this.entries.length > CAPACITY) this.entries.splice(0, this.entries.length - CAPACITY);
  }

  clear(): void {
    this.entries = [];
  }

  peekMatching(offset: number, length: number): boolean {
    return this.find(offset, length) !== undefined;
  }

  /** Removes and returns the runs an insertion of `length` at `offset` restores, if known. */
  takeMatching(offset: number, length: number): { length: number; value: T | null }[] | undefined {
    const found = this.find(offset, length);
    if (!found) return undefined;
    this.entries.splice(found.from, found.count);
    return found.runs;
  }

  private find(
    offset: number,
    length: number,
  ): { from: number; count: number; runs: { length: number; value: T | null }[] } | undefined {
    const n = this.entries.length;
    const lowest = Math.max(0, n - SEARCH_DEPTH);
    for (let i = n - 1; i >= lowest; i--) {
      const e = this.entries[i]!;
      if (e.offset === offset && e.length === length) return { from: i, count: 1, runs: e.runs };
    }
    // Chains end at the newest entry that starts at `offset`, walking back through older ones.
    for (let i = n - 1; i >= lowest; i--) {
      const newest = this.entries[i]!;
      if (newest.offset !== offset || newest.length >= length) continue;
      const backspace = this.chain(i, lowest, length, (older, covered) => older.offset === offset + covered);
      if (backspace) return { from: i - backspace.length + 1, count: backspace.length, runs: backspace.flatMap((e) => e.runs) };
      const forward = this.chain(i, lowest, length, (older) => older.offset === offset);
      if (forward) {
        return { from: i - forward.length + 1, count: forward.length, runs: forward.reverse().flatMap((e) => e.runs) };
      }
    }
    return undefined;
  }

  /** Entries i, i-1, ... that satisfy `links` until their lengths add up to exactly `length`. */
  private chain(
    i: number,
    lowest: number,
    length: number,
    links: (older: Tombstone<T>, covered: number) => boolean,
  ): Tombstone<T>[] | undefined {
    const picked: Tombstone<T>[] = [this.entries[i]!];
    let covered = this.entries[i]!.length;
    for (let j = i - 1; j >= lowest && covered < length; j--) {
      const older = this.entries[j]!;
      if (!links(older, covered)) return undefined;
      picked.push(older);
      covered += older.length;
    }
    return covered === length ? picked : undefined;
  }
}
