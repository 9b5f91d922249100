import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from './ledgerStore';

/**
 * The user's choices that commit attribution must follow, written by the extension into the
 * repository's state directory, because hooks and the CLI cannot read VS Code's settings.
 */
export interface RepoSettings {
  /** Count text changed on disk by unidentified programs as AI (`aiProvenance.externalEditsAreAI`). */
  readonly externalEditsAreAI: boolean;
}

const SETTINGS_FILE = 'settings.json';
/** Present while tracking is switched off: commits are then `AI-Origin: unknown`, never `human-only`. */
export const TRACKING_OFF_FILE = 'tracking-off';

export async function readRepoSettings(stateDir: string): Promise<RepoSettings> {
  try {
    const raw = JSON.parse(await fs.readFile(join(stateDir, SETTINGS_FILE), 'utf8')) as Record<string, unknown>;
    return { externalEditsAreAI: raw.externalEditsAreAI === true };
  } catch {
    return { externalEditsAreAI: false };
  }
}

/** Records the settings and whether tracking is on; writes only what changed. */
export async function writeRepoState(stateDir: string, settings: RepoSettings, trackingEnabled: boolean): Promise<void> {
  await fs.mkdir(join(stateDir, 'ledger'), { recursive: true });
  const text = `${JSON.stringify(settings)}\n`;
  const file = join(stateDir, SETTINGS_FILE);
  if ((await fs.readFile(file, 'utf8').catch(() => '')) !== text) await writeAtomic(file, text);
  const off = join(stateDir, TRACKING_OFF_FILE);
  if (trackingEnabled) await fs.rm(off, { force: true });
  else if (!(await fs.stat(off).then(() => true, () => false))) await fs.writeFile(off, `${new Date().toISOString()}\n`);
}
