import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/log';
import type { LedgerFile } from '../core/ledger/format';
import { LedgerFormatError, LedgerTooNewError, parseLedger, serializeLedger } from '../core/ledger/format';
import { withFileLock } from './fileLock';

export type LedgerRead =
  | { readonly status: 'ok'; readonly ledger: LedgerFile }
  | { readonly status: 'missing' }
  /** Written by a newer version: readable by nobody here, and never overwritten. */
  | { readonly status: 'too-new'; readonly message: string };

/**
 * One directory of ledgers (per repository worktree, or per VS Code workspace for files outside
 * git). Files are named by a hash of the path so that any file name, however strange, maps to a
 * safe one; the real path is inside.
 */
export class LedgerStore {
  private readonly reportedCorrupt = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly log: Logger,
    private readonly writer: string,
  ) {}

  fileFor(path: string): string {
    return join(this.dir, `${createHash('sha1').update(path).digest('hex').slice(0, 24)}.json`);
  }

  async read(path: string): Promise<LedgerRead> {
    const file = this.fileFor(path);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
      return this.setAside(file, path, err);
    }
    try {
      const { ledger, dropped } = parseLedger(text);
      if (dropped > 0) this.log.warn(`ledger for ${path}: ${dropped} malformed range(s) ignored`);
      // Two paths hashing alike is astronomically unlikely, but a mismatch must never mix files.
      if (ledger.path !== path) return { status: 'missing' };
      return { status: 'ok', ledger };
    } catch (err) {
      if (err instanceof LedgerTooNewError) return { status: 'too-new', message: err.message };
      return this.setAside(file, path, err);
    }
  }

  /**
   * Read-modify-write under a lock shared with every other process: `fn` gets the current ledger
   * and returns the new one (undefined deletes it). Returns what was written.
   */
  async update(path: string, fn: (current: LedgerFile | undefined) => LedgerFile | undefined): Promise<LedgerFile | undefined> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.fileFor(path);
    return withFileLock(`${file}.lock`, async () => {
      const current = await this.read(path);
      if (current.status === 'too-new') throw new LedgerTooNewError(current.message);
      const next = fn(current.status === 'ok' ? current.ledger : undefined);
      if (!next) {
        await fs.rm(file, { force: true });
        return undefined;
      }
      const stamped: LedgerFile = { ...next, updated: new Date().toISOString(), writer: this.writer };
      await writeAtomic(file, serializeLedger(stamped));
      return stamped;
    });
  }

  /** Every ledger in the store (used by commit attribution and summaries). */
  async readAll(): Promise<LedgerFile[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const out: LedgerFile[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      try {
        out.push(parseLedger(await fs.readFile(join(this.dir, name), 'utf8')).ledger);
      } catch {
        // Reported and set aside by read() when the path is next used; skipping here is enough.
      }
    }
    return out;
  }

  private async setAside(file: string, path: string, err: unknown): Promise<LedgerRead> {
    const reason = err instanceof LedgerFormatError || err instanceof Error ? err.message : String(err);
    const aside = `${file}.corrupt-${Date.now()}`;
    try {
      await fs.rename(file, aside);
    } catch {
      // Unreadable and unmovable (permissions): still continue without it.
    }
    if (!this.reportedCorrupt.has(file)) {
      this.reportedCorrupt.add(file);
      this.log.error(`provenance state for ${path} was unreadable (${reason}); set aside as ${aside}, tracking continues`);
    }
    return { status: 'missing' };
  }
}

/** Temp file in the same directory, then rename: readers see the old or the new file, never half. */
export async function writeAtomic(file: string, content: string | Buffer, mode = 0o644): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    await fs.writeFile(tmp, content, { mode });
    // The umask may have narrowed the mode; launchers must stay executable.
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
