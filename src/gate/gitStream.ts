import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { GitMissingError } from '../git/exec';

export interface StreamOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly gitPath?: string;
}

export interface StreamResult {
  readonly code: number;
  /** The first 64 KiB of git's standard error. */
  readonly stderr: string;
}

const MAX_STDERR = 64 * 1024;

/**
 * Runs git and hands its standard output to `onLine` one line at a time (without the `\n`), as
 * it arrives: a range of 10,000 commits or a 50,000-line diff never sits in memory whole.
 * Resolves with the exit code; rejects with GitMissingError when git cannot be started, or with
 * whatever `onLine` throws (git is then killed).
 */
export function streamGitLines(args: readonly string[], options: StreamOptions, onLine: (line: string) => void): Promise<StreamResult> {
  const gitPath = options.gitPath ?? 'git';
  return new Promise((resolve, reject) => {
    const child = spawn(gitPath, args as string[], { cwd: options.cwd, env: options.env ?? process.env, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let stderr = '';
    let failed: Error | undefined;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const feed = (text: string) => {
      if (failed !== undefined) return;
      let start = 0;
      let data = rest + text;
      try {
        for (let nl = data.indexOf('\n', start); nl !== -1; nl = data.indexOf('\n', start)) {
          onLine(data.slice(start, nl));
          start = nl + 1;
        }
      } catch (err) {
        failed = asError(err);
        child.kill();
        data = '';
        start = 0;
      }
      rest = data.slice(start);
    };
    child.stdout.on('data', (chunk: Buffer) => feed(decoder.write(chunk)));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => finish(() => reject(err.code === 'ENOENT' ? new GitMissingError(gitPath) : err)));
    child.on('close', (code) => {
      feed(decoder.end());
      if (failed === undefined && rest !== '') {
        try {
          onLine(rest);
        } catch (err) {
          failed = asError(err);
        }
      }
      finish(() => (failed !== undefined ? reject(failed) : resolve({ code: code ?? 1, stderr: stderr.slice(0, MAX_STDERR) })));
    });
  });
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(typeof err === 'string' ? err : 'line handler failed');
}
