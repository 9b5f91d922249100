import { promises as fs } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Logger } from '../core/log';
import type { RepoInfo } from '../git/repo';
import { discoverRepo, stateDirOf } from '../git/repo';
import { LedgerStore } from './ledgerStore';

export interface RepoFile {
  readonly repo: RepoInfo;
  /** Repo-relative, forward slashes: the ledger key, and what git prints. */
  readonly relPath: string;
  readonly store: LedgerStore;
}

export function ledgerDirOf(repo: RepoInfo): string {
  return join(stateDirOf(repo), 'ledger', repo.worktreeKey);
}

export function toRepoPath(root: string, absPath: string): string {
  return relative(root, absPath).split(sep).join('/');
}

/**
 * The repository, repo-relative path and ledger store for a file on disk, or undefined when the
 * file is outside any git work tree. Symlinked directories (e.g. /tmp on macOS) are resolved so
 * the editor, the CLI and git agree on the same key.
 */
export async function locateRepoFile(absPath: string, log: Logger, writer: string, gitPath?: string): Promise<RepoFile | undefined> {
  const real = await fs.realpath(absPath).catch(() => absPath);
  const dir = await fs
    .stat(real)
    .then((s) => (s.isDirectory() ? real : dirname(real)))
    .catch(() => dirname(real));
  const repo = await discoverRepo(dir, gitPath ? { gitPath } : {});
  if (!repo) return undefined;
  const root = await fs.realpath(repo.root).catch(() => repo.root);
  const relPath = toRepoPath(root, real);
  if (relPath.startsWith('..')) return undefined;
  return { repo, relPath, store: new LedgerStore(ledgerDirOf(repo), log, writer) };
}
