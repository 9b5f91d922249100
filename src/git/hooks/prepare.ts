import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../core/log';
import type { CommitProvenance, Trailer } from '../../core/trailers/contract';
import { renderTrailers } from '../../core/trailers/contract';
import type { PreparedVariant, VariantKind } from '../../state/prepared';
import { readPrepared, writePrepared } from '../../state/prepared';
import type { GitOptions } from '../exec';
import { amendPriors, computeProvenance, readHead, writeTree } from '../commitProvenance';
import type { RepoInfo } from '../repo';
import { discoverRepo, stateDirOf } from '../repo';

/**
 * Trailers for the tree the index would commit, computed ahead of the commit (the editor calls
 * this when the index or a ledger changes; the hook falls back to it through the CLI). The
 * result is written where the sh hook finds it by tree id.
 */
export interface PrepareOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly gitPath?: string;
  readonly log?: Logger;
  /** The tree to describe; default `git write-tree` of the index (GIT_INDEX_FILE when set). */
  readonly tree?: string;
  /** Which commits to prepare for; default both (`amend` only when HEAD exists). */
  readonly variants?: readonly VariantKind[];
  /** Write the prepared files for the hook. Default true. */
  readonly write?: boolean;
}

export interface PreparedTrailers {
  readonly repo: RepoInfo;
  readonly tree: string;
  /** HEAD the variants were computed against; undefined on an unborn branch. */
  readonly head: string | undefined;
  readonly variants: readonly PreparedVariant[];
  /** The path of the prepared file for the hook, when written. */
  readonly file?: string;
}

/** Undefined when `dir` is not inside a git work tree. */
export async function prepareTrailers(dir: string, options: PrepareOptions = {}): Promise<PreparedTrailers | undefined> {
  const gitEnv = { ...(options.env ? { env: options.env } : {}), ...(options.gitPath ? { gitPath: options.gitPath } : {}) };
  const repo = await discoverRepo(dir, gitEnv);
  if (!repo) return undefined;
  const git: GitOptions = { cwd: repo.root, ...gitEnv };
  const started = new Date();
  const tree = options.tree ?? (await writeTree(git));
  const { head, parent } = await readHead(git);
  const wanted = options.variants ?? ['normal', 'amend'];
  const variants: PreparedVariant[] = [];
  const deps = new Set<string>();
  for (const kind of wanted) {
    if (kind === 'amend' && head === undefined) continue;
    const base = kind === 'amend' ? parent : head;
    const priors = kind === 'amend' && head ? await amendPriors(head, git) : kind === 'squash' ? await squashedCommits(repo) : [];
    const attribution = await computeProvenance({
      repo,
      tree,
      base,
      priorCommits: priors,
      ...gitEnv,
      ...(options.log ? { log: options.log } : {}),
    });
    for (const d of attribution.ledgerFiles) deps.add(d);
    const { ledgerFiles: _files, ...pure } = attribution;
    variants.push({ kind, base, trailers: renderTrailers(attribution.provenance), attribution: pure });
  }
  if (options.write === false) return { repo, tree, head, variants };
  const state = stateDirOf(repo);
  // Keep a variant prepared earlier for the same tree and HEAD that was not recomputed now.
  const existing = await readPrepared(state, tree);
  if (existing && existing.head === (head ?? null)) {
    for (const v of existing.variants) if (!variants.some((x) => x.kind === v.kind)) variants.push(v);
    for (const d of existing.deps ?? []) deps.add(d);
  }
  const file = await writePrepared(state, { tree, head: head ?? null, deps: [...deps], variants, created: started.toISOString() });
  return { repo, tree, head, variants, file };
}

/** The commits `git merge --squash` listed in SQUASH_MSG: their notes describe the lines it brings. */
export async function squashedCommits(repo: RepoInfo): Promise<string[]> {
  const text = await fs.readFile(join(repo.gitDir, 'SQUASH_MSG'), 'utf8').catch(() => '');
  return [...new Set([...text.matchAll(/^commit ([0-9a-f]{40}(?:[0-9a-f]{24})?)$/gm)].map((m) => m[1]!))].slice(0, 1000);
}

/** The trailers of one variant, or undefined when it was not prepared. */
export function trailersOf(p: PreparedTrailers, kind: VariantKind = 'normal'): readonly Trailer[] | undefined {
  return p.variants.find((v) => v.kind === kind)?.trailers;
}

export function provenanceOf(p: PreparedTrailers, kind: VariantKind = 'normal'): CommitProvenance | undefined {
  return p.variants.find((v) => v.kind === kind)?.attribution.provenance;
}
