// Where scripts/setup.sh put the tools the integration harness needs (Node 24, code-server,
// Chromium). setup.sh writes the paths; the harness only reads them.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ToolPaths {
  /** Node 24 binary: code-server's native modules are built for it. */
  readonly node24: string;
  /** Directory of the code-server npm package. */
  readonly codeServer: string;
  readonly chromium: string;
}

export function cacheDir(): string {
  return process.env.AIP_CACHE || join(homedir(), '.cache', 'ai-provenance');
}

export function readToolPaths(): ToolPaths {
  const file = join(cacheDir(), 'paths.json');
  if (!existsSync(file)) {
    throw new Error(`${file} not found: run scripts/setup.sh first`);
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<keyof ToolPaths, unknown>>;
  const get = (key: keyof ToolPaths): string => {
    const value = raw[key];
    if (typeof value !== 'string' || value === '' || !existsSync(value)) {
      throw new Error(`${file}: '${key}' is missing or points nowhere (${String(value)}): run scripts/setup.sh first`);
    }
    return value;
  };
  return { node24: get('node24'), codeServer: get('codeServer'), chromium: get('chromium') };
}
