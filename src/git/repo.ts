import { basename, resolve } from 'node:path';
import type { GitOptions } from './exec';
import { runGit } from './exec';

export interface RepoInfo {
  /** The work tree's top directory. */
  readonly root: string;
  readonly gitDir: string;
  /** Shared by all worktrees of the repository; our state lives under it. */
  readonly commonDir: string;
  /** Separates the ledgers of linked worktrees, which share the common dir. */
  readonly worktreeKey: string;
}

/**
 * The repository containing `dir`, or undefined when it is not inside a work tree (a bare repo or
 * plain folder). Throws GitMissingError when git cannot be run.
 */
export async function discoverRepo(dir: string, options: Omit<GitOptions, 'cwd'> = {}): Promise<RepoInfo | undefined> {
  const r = await runGit(['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir'], {
    ...options,
    cwd: dir,
  });
  if (r.code !== 0) return undefined;
  const [root, gitDir, commonDir] = r.stdout.split('\n').map((l) => l.trim());
  if (!root || !gitDir || !commonDir) return undefined;
  return {
    root: resolve(root),
    gitDir: resolve(gitDir),
    commonDir: resolve(commonDir),
    worktreeKey: resolve(gitDir) === resolve(commonDir) ? 'main' : `wt-${basename(gitDir)}`,
  };
}

/** Where all of this product's local state for a repository lives. */
export function stateDirOf(repo: RepoInfo): string {
  return resolve(repo.commonDir, 'ai-provenance');
}
