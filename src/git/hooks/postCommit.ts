import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { CommitAttribution } from '../../core/attribution/commitAttribution';
import { retireCommitted } from '../../core/attribution/commitAttribution';
import type { Logger } from '../../core/log';
import { silentLogger } from '../../core/log';
import type { Trailer } from '../../core/trailers/contract';
import { renderTrailers } from '../../core/trailers/contract';
import { LedgerStore } from '../../state/ledgerStore';
import { readPrepared } from '../../state/prepared';
import { ledgerDirOf } from '../../state/repoFiles';
import { amendPriors, computeProvenance } from '../commitProvenance';
import type { GitOptions } from '../exec';
import { runGit } from '../exec';
import { buildNote, copyNotes, serializeNote, writeNote } from '../notes';
import type { RepoInfo } from '../repo';
import { discoverRepo, stateDirOf } from '../repo';

/**
 * After a commit: its git note, and the ledger's committed lines retired. The post-commit hook
 * only appends `<commit>\t<worktree>` to `commits.queue` and starts `ai-provenance hook flush` in
 * the background (when none is running), so the commit returns at once; the flusher works
 * through the queue, one process at a time.
 */

export const QUEUE_FILE = 'commits.queue';
export const FLUSH_PID_FILE = 'flush.pid';
const MAX_LOG_BYTES = 1024 * 1024;

/** Hook variables that describe the committing worktree's index; the flusher serves every worktree. */
export function cleanGitEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_EDITOR', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY']) delete out[k];
  return out;
}

export interface FlushOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly gitPath?: string;
  readonly log?: Logger;
}

export interface FlushResult {
  readonly processed: number;
  readonly noted: number;
  /** Another flusher holds the queue: it will see our entries. */
  readonly busy: boolean;
  readonly errors: readonly string[];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquire(stateDir: string): Promise<boolean> {
  const file = join(stateDir, FLUSH_PID_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await fs.open(file, 'wx');
      await h.writeFile(`${process.pid}\n`);
      await h.close();
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
      const st = await fs.stat(file).catch(() => undefined);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) && st && Date.now() - st.mtimeMs < 10 * 60_000) return false;
      await fs.rm(file, { force: true });
    }
  }
  return false;
}

/** Processes every queued commit; loops while commits arrive during the work. */
export async function flushQueue(stateDir: string, options: FlushOptions = {}): Promise<FlushResult> {
  const log = options.log ?? silentLogger;
  const env = cleanGitEnv(options.env ?? process.env);
  await trimLog(stateDir);
  let processed = 0;
  let noted = 0;
  const errors: string[] = [];
  for (let round = 0; round < 100; round++) {
    if (!(await acquire(stateDir))) return { processed, noted, busy: true, errors };
    try {
      for (;;) {
        const batch = await takeQueue(stateDir);
        if (batch === undefined) break;
        const seen = new Set<string>();
        for (const line of batch) {
          const [commit, root] = line.split('\t');
          if (!commit || !root || !/^[0-9a-f]{40,64}$/.test(commit) || seen.has(commit)) continue;
          seen.add(commit);
          processed++;
          try {
            if (await processCommit(commit, root, { ...options, env, log })) noted++;
          } catch (err) {
            const message = `${commit.slice(0, 12)}: ${err instanceof Error ? err.message : String(err)}`;
            errors.push(message);
            log.error(`post-commit: ${message}`);
          }
        }
      }
    } finally {
      await fs.rm(join(stateDir, FLUSH_PID_FILE), { force: true });
    }
    // A commit queued between our last read and the release would wait for the next commit.
    const st = await fs.stat(join(stateDir, QUEUE_FILE)).catch(() => undefined);
    if (!st || st.size === 0) break;
  }
  return { processed, noted, busy: false, errors };
}

async function takeQueue(stateDir: string): Promise<string[] | undefined> {
  const queue = join(stateDir, QUEUE_FILE);
  const taken = `${queue}.${process.pid}`;
  try {
    await fs.rename(queue, taken);
  } catch {
    return undefined;
  }
  const text = await fs.readFile(taken, 'utf8').catch(() => '');
  await fs.rm(taken, { force: true });
  return text.split('\n').filter(Boolean);
}

async function trimLog(stateDir: string): Promise<void> {
  const file = join(stateDir, 'git-hook.log');
  const st = await fs.stat(file).catch(() => undefined);
  if (st && st.size > MAX_LOG_BYTES) await fs.rename(file, `${file}.1`).catch(() => undefined);
}

interface CommitInfo {
  readonly tree: string;
  readonly parents: readonly string[];
}

async function readCommit(commit: string, git: GitOptions): Promise<CommitInfo | undefined> {
  const r = await runGit(['cat-file', 'commit', commit], git);
  if (r.code !== 0) return undefined;
  const header = r.stdout.slice(0, r.stdout.indexOf('\n\n') >>> 0);
  const tree = /^tree ([0-9a-f]+)$/m.exec(header)?.[1];
  if (!tree) return undefined;
  const parents = [...header.matchAll(/^parent ([0-9a-f]+)$/gm)].map((m) => m[1]!);
  return { tree, parents };
}

/**
 * How HEAD's reflog recorded the commit: `commit`, `amend` (with the commit it replaced),
 * `other` (a rebase pick, cherry-pick, revert or merge: its note is copied or not ours to
 * write), or `unknown` (no reflog).
 */
export async function reflogKind(commit: string, git: GitOptions): Promise<{ kind: 'commit' | 'amend' | 'other' | 'unknown'; replaced?: string }> {
  const r = await runGit(['reflog', 'show', '-n', '200', '--format=%H%x09%gs', 'HEAD', '--'], git);
  if (r.code !== 0) return { kind: 'unknown' };
  const lines = r.stdout.split('\n').filter(Boolean);
  // The oldest entry for the commit is the one that made it (checkouts and resets come later).
  const at = findLastIndex(lines, (l) => l.startsWith(`${commit}\t`));
  if (at < 0) return { kind: 'unknown' };
  const subject = lines[at]!.slice(commit.length + 1);
  if (/^commit \(amend\):/.test(subject)) {
    const prev = lines[at + 1]?.split('\t')[0];
    return { kind: 'amend', ...(prev ? { replaced: prev } : {}) };
  }
  if (/^commit \(merge\):/.test(subject)) return { kind: 'other' };
  if (/^commit( \(initial\))?:/.test(subject)) return { kind: 'commit' };
  return { kind: 'other' };
}

export function findLastIndex<T>(xs: readonly T[], fn: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (fn(xs[i]!)) return i;
  return -1;
}

/** Writes the note of one commit and retires its lines from the ledger. False when skipped. */
export async function processCommit(commit: string, worktree: string, options: FlushOptions): Promise<boolean> {
  const env = options.env ?? process.env;
  const gitEnv = { env, ...(options.gitPath ? { gitPath: options.gitPath } : {}) };
  const repo = await discoverRepo(worktree, gitEnv);
  if (!repo) return false;
  const git: GitOptions = { cwd: repo.root, ...gitEnv };
  const info = await readCommit(commit, git);
  if (!info || info.parents.length > 1) return false;
  const how = await reflogKind(commit, git);
  if (how.kind === 'other') return false;
  const base = info.parents[0];
  const { attribution, trailers } = await attributionFor(repo, info, base, how.kind === 'amend' ? how.replaced : undefined, options);
  await writeNote(commit, serializeNote(buildNote({ commit, tree: info.tree, base, attribution, trailers })), git);
  await retire(repo, attribution, options.log ?? silentLogger);
  return true;
}

async function attributionFor(
  repo: RepoInfo,
  info: CommitInfo,
  base: string | undefined,
  replaced: string | undefined,
  options: FlushOptions,
): Promise<{ attribution: CommitAttribution; trailers: readonly Trailer[] }> {
  // What the hook prepared for this tree against this base is what the trailers say.
  const prepared = await readPrepared(stateDirOf(repo), info.tree);
  // A squash variant only exists when `merge --squash` was being concluded: it wins over normal.
  const matching = prepared?.variants.filter((v) => (v.base ?? null) === (base ?? null)) ?? [];
  const variant = matching.find((v) => v.kind === 'squash') ?? matching[0];
  if (variant) return { attribution: variant.attribution, trailers: variant.trailers };
  const attribution = await computeProvenance({
    repo,
    tree: info.tree,
    base,
    priorCommits: replaced ? await amendPriors(replaced, { cwd: repo.root, ...(options.env ? { env: options.env } : {}), ...(options.gitPath ? { gitPath: options.gitPath } : {}) }) : [],
    ...(options.env ? { env: options.env } : {}),
    ...(options.gitPath ? { gitPath: options.gitPath } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return { attribution, trailers: renderTrailers(attribution.provenance) };
}

/** Committed AI lines leave the pending state; everything else in the ledger stays. */
async function retire(repo: RepoInfo, attribution: CommitAttribution, log: Logger): Promise<void> {
  const store = new LedgerStore(ledgerDirOf(repo), log, 'hook');
  for (const file of attribution.files) {
    if (file.aiLines.length === 0) continue;
    for (const path of file.oldPath !== undefined ? [file.path, file.oldPath] : [file.path]) {
      const read = await store.read(path);
      if (read.status !== 'ok' || retireCommitted(read.ledger, file) === read.ledger) continue;
      await store.update(path, (current) => (current ? retireCommitted(current, file) : undefined));
    }
  }
}

/** `post-rewrite` after a rebase: each `old new` line copies the old commit's note. */
export async function copyRewrittenNotes(pairsFile: string, worktree: string, options: FlushOptions = {}): Promise<number> {
  const text = await fs.readFile(pairsFile, 'utf8').catch(() => '');
  await fs.rm(pairsFile, { force: true });
  const pairs = text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p): p is [string, string, ...string[]] => p.length >= 2 && /^[0-9a-f]{40,64}$/.test(p[0]!) && /^[0-9a-f]{40,64}$/.test(p[1]!))
    .map((p) => [p[0], p[1]] as const);
  if (pairs.length === 0) return 0;
  const env = cleanGitEnv(options.env ?? process.env);
  return copyNotes(pairs, { cwd: worktree, env, ...(options.gitPath ? { gitPath: options.gitPath } : {}) });
}
