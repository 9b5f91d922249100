import { promises as fs } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
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

/**
 * Finds the repository by reading `.git` entries on disk, as git itself does, without running
 * git. Used in untrusted workspaces, where a repository's own config (core.fsmonitor, for one)
 * could make any git command run a program of the repository's choosing.
 */
export async function discoverRepoFromDisk(dir: string): Promise<RepoInfo | undefined> {
  let current = resolve(dir);
  for (;;) {
    const dotGit = join(current, '.git');
    const stat = await fs.stat(dotGit).catch(() => undefined);
    if (stat) {
      let gitDir = dotGit;
      if (stat.isFile()) {
        const m = /^gitdir:\s*(.+?)\s*$/m.exec(await fs.readFile(dotGit, 'utf8').catch(() => ''));
        if (!m) return undefined;
        gitDir = isAbsolute(m[1]!) ? m[1]! : resolve(current, m[1]!);
      }
      const common = (await fs.readFile(join(gitDir, 'commondir'), 'utf8').catch(() => '')).trim();
      const commonDir = common ? (isAbsolute(common) ? common : resolve(gitDir, common)) : gitDir;
      return {
        root: current,
        gitDir: resolve(gitDir),
        commonDir: resolve(commonDir),
        worktreeKey: resolve(gitDir) === resolve(commonDir) ? 'main' : `wt-${basename(gitDir)}`,
      };
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
