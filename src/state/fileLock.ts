import { promises as fs } from 'node:fs';

/** A lock older than this belongs to a process that died holding it. */
const STALE_MS = 10_000;
const WAIT_MS = 8_000;

/**
 * Runs `fn` holding an exclusive lock file shared by every process (editor windows, CLI, hooks).
 * O_EXCL creation is atomic on local file systems; a crashed holder's lock is taken over once it
 * is stale, so a kill -9 never wedges tracking.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let delay = 5;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const stat = await fs.stat(lockPath).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > STALE_MS) {
        await fs.rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockPath}`, { cause: err });
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 100);
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockPath, { force: true });
  }
}
