import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import { GitMissingError } from '../../git/exec';
import type { RepoInfo } from '../../git/repo';
import { discoverRepo, discoverRepoFromDisk } from '../../git/repo';
import { LedgerStore } from '../../state/ledgerStore';
import { ledgerDirOf, toRepoPath } from '../../state/repoFiles';

/** Where a document's provenance is persisted, and under which key. */
export interface DocLocation {
  readonly store: LedgerStore;
  readonly key: string;
  readonly repo?: RepoInfo;
}

/**
 * Finds the ledger store for a file: its repository's state dir, or this workspace's storage for
 * files outside git. Repository discovery is cached per directory so opening many files costs
 * one git call per folder.
 */
export class StorageLocator {
  private readonly repos = new Map<string, Promise<RepoInfo | undefined>>();
  private readonly stores = new Map<string, LedgerStore>();
  private gitMissingReported = false;

  constructor(
    private readonly log: Logger,
    private readonly fallbackDir: string,
    private readonly gitPath: () => string | undefined,
    /** False in Restricted Mode: then git is never run, the repository is found on disk. */
    private readonly trusted: () => boolean,
  ) {}

  async locate(uri: vscode.Uri): Promise<DocLocation | undefined> {
    if (uri.scheme !== 'file') return undefined;
    const real = await fs.realpath(uri.fsPath).catch(() => uri.fsPath);
    const repo = await this.repoFor(dirname(real));
    if (repo) {
      const root = await fs.realpath(repo.root).catch(() => repo.root);
      const key = toRepoPath(root, real);
      if (!key.startsWith('..')) return { store: this.store(ledgerDirOf(repo)), key, repo };
    }
    return { store: this.store(join(this.fallbackDir, 'ledger')), key: real };
  }

  /** The repository containing a directory (a workspace folder, say), if any. */
  async repoAt(dir: vscode.Uri): Promise<RepoInfo | undefined> {
    if (dir.scheme !== 'file') return undefined;
    return this.repoFor(await fs.realpath(dir.fsPath).catch(() => dir.fsPath));
  }

  /** The ledger store of a repository (this worktree's). */
  storeOf(repo: RepoInfo): LedgerStore {
    return this.store(ledgerDirOf(repo));
  }

  /** Forget cached discovery (a folder became a repository, or stopped being one). */
  reset(): void {
    this.repos.clear();
  }

  private repoFor(dir: string): Promise<RepoInfo | undefined> {
    let found = this.repos.get(dir);
    if (!found) {
      const gitPath = this.gitPath();
      const discovery = this.trusted() ? discoverRepo(dir, gitPath ? { gitPath } : {}) : discoverRepoFromDisk(dir);
      found = discovery.catch((err: unknown) => {
        if (err instanceof GitMissingError) {
          if (!this.gitMissingReported) {
            this.gitMissingReported = true;
            this.log.warn(`${err.message}. Provenance is kept in VS Code's workspace storage instead of the repository.`);
          }
        } else {
          this.log.warn(`could not query git in ${dir}: ${String(err)}`);
        }
        return undefined;
      });
      this.repos.set(dir, found);
    }
    return found;
  }

  private store(dir: string): LedgerStore {
    let s = this.stores.get(dir);
    if (!s) {
      s = new LedgerStore(dir, this.log, `vscode:${process.pid}`);
      this.stores.set(dir, s);
    }
    return s;
  }
}
