import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliIO } from '../../../src/cli/io';

/** The project root (tests run from out/test/unit/policy, sources live in test/unit/policy). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

/** A fresh temp directory (realpath: macOS /var is a symlink, git reports the real path). */
export function tempDir(prefix = 'aip-policy-'): { dir: string; dispose(): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function gitInit(dir: string): void {
  execFileSync('git', ['init', '-q', dir], { stdio: 'ignore' });
}

export interface CapturedIO extends CliIO {
  readonly out: string[];
  readonly err: string[];
  stdout(): string;
  stderr(): string;
}

export function captureIO(cwd: string): CapturedIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    env: process.env,
    out,
    err,
    write: (t) => void out.push(t),
    error: (t) => void err.push(t),
    readStdin: () => Promise.resolve(''),
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
