import type { IndexKeys } from './globs';

/** One matcher the index files under the most selective fact a matching path must have. */
export interface IndexEntry {
  readonly keys: IndexKeys;
  /** Which rule (or CODEOWNERS line) the entry belongs to; several entries may share one. */
  readonly owner: number;
  matches(path: string): boolean;
}

/** A path split the way the index looks things up; computed once per classification. */
export interface PathParts {
  readonly path: string;
  readonly segments: readonly string[];
}

export function splitPath(path: string): PathParts {
  return { path, segments: path.split('/') };
}

/**
 * Finds the owners whose matchers accept a path without running every matcher: each entry is
 * filed under one key (a literal segment, a literal extension, or nothing), and a path only runs
 * the entries filed under its own segments and extensions, plus the unkeyed ones (which are
 * prefiltered by a substring when they have one). Classification stays near-constant in the
 * number of rules, as long as rules name folders, files or extensions.
 */
export class PathIndex {
  private readonly bySegment = new Map<string, IndexEntry[]>();
  private readonly byExtension = new Map<string, IndexEntry[]>();
  private readonly unkeyed: IndexEntry[] = [];
  /** Per-owner stamp so an owner found through two keys is tested and reported once. */
  private readonly seen: Uint32Array;
  private generation = 0;

  constructor(entries: readonly IndexEntry[], ownerCount: number) {
    this.seen = new Uint32Array(ownerCount);
    // A key shared by fewer entries sends fewer matchers to each path that has it.
    const frequency = new Map<string, number>();
    const bump = (k: string) => frequency.set(k, (frequency.get(k) ?? 0) + 1);
    for (const e of entries) {
      for (const s of e.keys.segments) bump(`s:${s}`);
      for (const x of e.keys.extensions) bump(`e:${x}`);
    }
    for (const e of entries) {
      let best: string | undefined;
      let bestCount = Infinity;
      for (const k of [...e.keys.segments.map((s) => `s:${s}`), ...e.keys.extensions.map((x) => `e:${x}`)]) {
        const n = frequency.get(k) ?? 0;
        if (n < bestCount) {
          best = k;
          bestCount = n;
        }
      }
      if (best === undefined) this.unkeyed.push(e);
      else {
        const map = best.startsWith('s:') ? this.bySegment : this.byExtension;
        const key = best.slice(2);
        const list = map.get(key);
        if (list) list.push(e);
        else map.set(key, [e]);
      }
    }
  }

  /** Owners with at least one matching entry, ascending. */
  matchingOwners(parts: PathParts): number[] {
    const found: number[] = [];
    if (++this.generation === 0xffffffff) {
      this.seen.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    const visit = (list: readonly IndexEntry[] | undefined) => {
      if (!list) return;
      for (const e of list) {
        if (this.seen[e.owner] === gen) continue;
        if (e.keys.literal !== undefined && !parts.path.includes(e.keys.literal)) continue;
        if (e.matches(parts.path)) {
          this.seen[e.owner] = gen;
          found.push(e.owner);
        }
      }
    };
    for (const seg of parts.segments) {
      visit(this.bySegment.get(seg));
      const dot = seg.lastIndexOf('.');
      if (dot !== -1) visit(this.byExtension.get(seg.slice(dot + 1)));
    }
    visit(this.unkeyed);
    return found.length > 1 ? found.sort((a, b) => a - b) : found;
  }

  /** For the bench and tests: how the entries were filed. */
  stats(): { segmentKeys: number; extensionKeys: number; unkeyed: number } {
    return { segmentKeys: this.bySegment.size, extensionKeys: this.byExtension.size, unkeyed: this.unkeyed.length };
  }
}
