import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';

/** The hook log is kept below this size: when it grows past, it is moved to `<log>.1` (one generation). */
export const HOOK_LOG_MAX_BYTES = 256 * 1024;

/**
 * Appends one line to the hook log. Agent hooks must never print (their output goes to the agent),
 * so problems are written here. Best effort: a log that cannot be written is skipped silently,
 * because failing the agent's edit over a log line would be worse.
 */
export async function appendHookLog(file: string, level: 'info' | 'warn' | 'error', message: string, now = new Date()): Promise<void> {
  const line = `${now.toISOString()} ${level} ${printable(message).slice(0, 2000)}\n`;
  try {
    await fs.mkdir(dirname(file), { recursive: true });
    const size = await fs.stat(file).then((s) => s.size, () => 0);
    if (size + line.length > HOOK_LOG_MAX_BYTES) await fs.rename(file, `${file}.1`).catch(() => undefined);
    await fs.appendFile(file, line, { encoding: 'utf8', mode: 0o600 });
  } catch {
    // Nowhere left to report to.
  }
}

/** One line of printable text: line breaks become " | ", other control characters "?". */
function printable(message: string): string {
  let out = '';
  for (const ch of message) {
    const c = ch.charCodeAt(0);
    out += ch === '\n' ? ' | ' : c < 0x20 || c === 0x7f ? '?' : ch;
  }
  return out;
}
