import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { CommitAttribution } from '../core/attribution/commitAttribution';
import type { Trailer } from '../core/trailers/contract';
import { TRAILER_KEYS, isValidTrailerValue } from '../core/trailers/contract';
import { writeAtomic } from './ledgerStore';

/**
 * Trailers computed ahead of the commit, keyed by the tree they describe, so the commit hook can
 * apply them without starting Node. Two files per tree under
 * `$(git rev-parse --git-common-dir)/ai-provenance/prepared/`:
 * - `<tree>`: what the sh hook reads (docs/hooks.md), line oriented: header, `tree`, `head`,
 *   `dep <ledger file>` lines, then `variant <kind> <base>` each followed by its trailer lines, `end`;
 * - `<tree>.json`: the same plus the line-level attribution, for the post-commit note.
 * A variant is valid only while HEAD is the `head` it was computed for.
 */
export const PREPARED_HEADER = 'ai-provenance-prepared 1';
export const PREPARED_KEEP = 50;

/**
 * `normal`: the tree committed on top of HEAD. `amend`: the tree replacing HEAD
 * (`commit --amend`). `squash`: concluding `git merge --squash` (lines carried over from the
 * squashed commits' notes).
 */
export type VariantKind = 'normal' | 'amend' | 'squash';

export interface PreparedVariant {
  readonly kind: VariantKind;
  /** The commit the added lines were counted against; undefined for a root commit. */
  readonly base: string | undefined;
  readonly trailers: readonly Trailer[];
  readonly attribution: CommitAttribution;
}

export interface Prepared {
  readonly tree: string;
  /**
   * Ledger files (names in the worktree's ledger directory) the trailers were computed from:
   * the hook does not use them once one of these is newer than the prepared file.
   */
  readonly deps?: readonly string[];
  /** HEAD when it was computed; null on an unborn branch. */
  readonly head: string | null;
  readonly variants: readonly PreparedVariant[];
  /** When the computation started (ISO 8601): the files get this time, so a ledger written during it counts as newer. */
  readonly created: string;
}

const ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export function preparedDir(stateDir: string): string {
  return join(stateDir, 'prepared');
}

/** The sh-readable file. Every trailer is checked against the contract again before it is written. */
export function renderPreparedText(p: Prepared): string {
  if (!ID.test(p.tree) || (p.head !== null && !ID.test(p.head))) throw new Error('prepared: bad object id');
  const lines = [PREPARED_HEADER, `tree ${p.tree}`, `head ${p.head ?? 'none'}`];
  for (const d of p.deps ?? []) {
    if (!/^[0-9a-f]{24}\.json$/.test(d)) throw new Error('prepared: bad ledger file name');
    lines.push(`dep ${d}`);
  }
  for (const v of p.variants) {
    if (v.base !== undefined && !ID.test(v.base)) throw new Error('prepared: bad base id');
    lines.push(`variant ${v.kind} ${v.base ?? 'root'}`);
    for (const t of v.trailers) {
      if (!(TRAILER_KEYS as readonly string[]).includes(t.key) || !isValidTrailerValue(t.key, t.value)) throw new Error(`prepared: invalid trailer ${t.key}`);
      lines.push(`${t.key}: ${t.value}`);
    }
  }
  lines.push('end');
  return `${lines.join('\n')}\n`;
}

/** Writes both files (the JSON first: the hook only looks at the text file), then prunes old ones. */
export async function writePrepared(stateDir: string, p: Prepared, keep = PREPARED_KEEP): Promise<string> {
  const dir = preparedDir(stateDir);
  await fs.mkdir(dir, { recursive: true });
  const text = renderPreparedText(p);
  const file = join(dir, p.tree);
  await writeAtomic(`${file}.json`, `${JSON.stringify(p)}\n`);
  await writeAtomic(file, text);
  const started = new Date(p.created);
  if (!Number.isNaN(started.getTime())) await fs.utimes(file, started, started).catch(() => undefined);
  await prunePrepared(stateDir, keep).catch(() => undefined);
  return file;
}

export async function readPrepared(stateDir: string, tree: string): Promise<Prepared | undefined> {
  if (!ID.test(tree)) return undefined;
  try {
    const data = JSON.parse(await fs.readFile(join(preparedDir(stateDir), `${tree}.json`), 'utf8')) as Prepared;
    return data && data.tree === tree && Array.isArray(data.variants) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the newest `keep` trees (both files of each); stray temp files older than a minute go too. */
export async function prunePrepared(stateDir: string, keep = PREPARED_KEEP): Promise<number> {
  const dir = preparedDir(stateDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  const now = Date.now();
  const trees: { name: string; mtime: number }[] = [];
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    if (ID.test(name)) {
      const st = await fs.stat(path).catch(() => undefined);
      if (st) trees.push({ name, mtime: st.mtimeMs });
    } else if (name.endsWith('.tmp')) {
      const st = await fs.stat(path).catch(() => undefined);
      if (st && now - st.mtimeMs > 60_000) await fs.rm(path, { force: true }).then(() => removed++);
    } else if (name.endsWith('.json') && ID.test(name.slice(0, -5)) && !names.includes(name.slice(0, -5))) {
      // A JSON whose text file is gone (pruned, or a write that never finished).
      const st = await fs.stat(path).catch(() => undefined);
      if (st && now - st.mtimeMs > 60_000) await fs.rm(path, { force: true }).then(() => removed++);
    }
  }
  trees.sort((a, b) => b.mtime - a.mtime);
  for (const t of trees.slice(keep)) {
    await fs.rm(join(dir, t.name), { force: true });
    await fs.rm(join(dir, `${t.name}.json`), { force: true });
    removed++;
  }
  return removed;
}
