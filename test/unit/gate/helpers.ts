import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { TempRepo } from '../gitRepo';

/** Files to write (string or bytes) or delete (null) in one commit. */
export type Changes = Record<string, string | Buffer | null>;

/** A TempRepo that commits hand-written messages (trailers included) with controllable dates. */
export class GateRepo extends TempRepo {
  private tick = 0;

  constructor() {
    super('aip-gate-');
  }

  run(args: readonly string[], input?: string, env: NodeJS.ProcessEnv = {}): string {
    return execFileSync('git', args as string[], {
      cwd: this.root,
      encoding: 'utf8',
      input,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...env },
      maxBuffer: 256 * 1024 * 1024,
    });
  }

  apply(changes: Changes): void {
    for (const [rel, content] of Object.entries(changes)) {
      const p = join(this.root, rel);
      if (content === null) {
        if (existsSync(p)) this.run(['rm', '-q', '--', rel]);
        continue;
      }
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      this.run(['add', '--', rel]);
    }
  }

  /** Commits the changes with exactly this message; returns the new sha. */
  commit(message: string, changes: Changes = {}, options: { date?: string; author?: string } = {}): string {
    this.apply(changes);
    const date = options.date ?? new Date(Date.UTC(2026, 0, 5) + this.tick++ * 60_000).toISOString();
    const env: NodeJS.ProcessEnv = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    const args = ['commit', '-q', '--allow-empty', '--no-verify', '--cleanup=verbatim', '-F', '-'];
    if (options.author) args.push(`--author=${options.author}`);
    this.run(args, message, env);
    return this.head();
  }

  head(ref = 'HEAD'): string {
    return this.run(['rev-parse', ref]).trim();
  }

  remove(rel: string): void {
    rmSync(join(this.root, rel), { force: true });
  }
}

/** An in-process CLI run. */
export async function cli(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    cwd,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    write: (t) => void (out += t),
    error: (t) => void (err += t),
    readStdin: () => Promise.resolve(''),
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** Trailer block text. */
export function trailers(...lines: string[]): string {
  return lines.join('\n');
}

export const lines = (n: number, make: (i: number) => string = (i) => `line ${i + 1}`): string => Array.from({ length: n }, (_, i) => make(i)).join('\n') + '\n';
