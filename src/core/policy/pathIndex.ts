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

interface Slot {
  readonly id: number;
  readonly entry: IndexEntry;
}

/**
 * Finds the owners whose matchers accept a path without running every matcher. Each entry is
 * filed under one key: a literal segment, a literal extension, or, for globs such as
 * `*secret*` that name neither, the longest literal substring they require. A path then runs
 * only the entries filed under its own segments and extensions, plus those whose substring it
 * contains; one alternation regex finds those substrings in a single scan. Classification
 * stays near-constant in the number of rules.
 */
export class PathIndex {
  private readonly bySegment = new Map<string, Slot[]>();
  private readonly byExtension = new Map<string, Slot[]>();
  private readonly byLiteral = new Map<string, Slot[]>();
  private readonly literals: RegExp | undefined;
  /** Entries with no key at all (e.g. `**`): tested for every path. */
  private readonly always: Slot[] = [];
  /** Per-owner and per-entry stamps, so nothing is reported or tested twice for one path. */
  private readonly ownerSeen: Uint32Array;
  private readonly entryTested: Uint32Array;
  private generation = 0;
  private found: number[] = [];

  constructor(entries: readonly IndexEntry[], ownerCount: number) {
    this.ownerSeen = new Uint32Array(ownerCount);
    this.entryTested = new Uint32Array(entries.length);
    const slots = entries.map((entry, id) => ({ id, entry }));
    // A key shared by fewer entries sends fewer matchers to each path that has it.
    const frequency = new Map<string, number>();
    const bump = (k: string) => frequency.set(k, (frequency.get(k) ?? 0) + 1);
    for (const { entry } of slots) {
      for (const s of entry.keys.segments) bump(`s:${s}`);
      for (const x of entry.keys.extensions) bump(`e:${x}`);
    }
    const literalSlots = new Map<string, Slot[]>();
    for (const slot of slots) {
      const keys = [...slot.entry.keys.segments.map((s) => `s:${s}`), ...slot.entry.keys.extensions.map((x) => `e:${x}`)];
      let best: string | undefined;
      let bestCount = Infinity;
      for (const k of keys) {
        const n = frequency.get(k) ?? 0;
        if (n < bestCount) {
          best = k;
          bestCount = n;
        }
      }
      if (best !== undefined) push(best.startsWith('s:') ? this.bySegment : this.byExtension, best.slice(2), slot);
      else if (slot.entry.keys.literal !== undefined) push(literalSlots, slot.entry.keys.literal, slot);
      else this.always.push(slot);
    }
    // The scan finds, at each position, the longest literal starting there; a literal contained
    // in a found one is present too, so each literal's list also carries those of its substrings.
    const literals = [...literalSlots.keys()].sort((a, b) => b.length - a.length);
    for (const lit of literals) {
      this.byLiteral.set(
        lit,
        literals.filter((other) => lit.includes(other)).flatMap((other) => literalSlots.get(other) ?? []),
      );
    }
    this.literals = literals.length > 0 ? new RegExp(literals.map(escapeRegex).join('|'), 'g') : undefined;
  }

  /** Owners with at least one matching entry, ascending. */
  matchingOwners(parts: PathParts): readonly number[] {
    if (++this.generation === 0xffffffff) {
      this.ownerSeen.fill(0);
      this.entryTested.fill(0);
      this.generation = 1;
    }
    this.found = [];
    const path = parts.path;
    for (const seg of parts.segments) {
      const bySeg = this.bySegment.get(seg);
      if (bySeg) this.visit(bySeg, path);
      const dot = seg.lastIndexOf('.');
      if (dot !== -1) {
        const byExt = this.byExtension.get(seg.slice(dot + 1));
        if (byExt) this.visit(byExt, path);
      }
    }
    const re = this.literals;
    if (re) {
      re.lastIndex = 0;
      for (let m = re.exec(path); m !== null; m = re.exec(path)) {
        this.visit(this.byLiteral.get(m[0])!, path);
        re.lastIndex = m.index + 1;
      }
    }
    if (this.always.length > 0) this.visit(this.always, path);
    const found = this.found;
    return found.length > 1 ? found.sort((a, b) => a - b) : found;
  }

  private visit(slots: readonly Slot[], path: string): void {
    const gen = this.generation;
    for (const { id, entry } of slots) {
      if (this.entryTested[id] === gen || this.ownerSeen[entry.owner] === gen) continue;
      this.entryTested[id] = gen;
      const literal = entry.keys.literal;
      if (literal !== undefined && !path.includes(literal)) continue;
      if (entry.matches(path)) {
        this.ownerSeen[entry.owner] = gen;
        this.found.push(entry.owner);
      }
    }
  }

  /** For the bench and tests: how the entries were filed. */
  stats(): { segmentKeys: number; extensionKeys: number; literals: number; always: number } {
    return { segmentKeys: this.bySegment.size, extensionKeys: this.byExtension.size, literals: this.byLiteral.size, always: this.always.length };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
