import { execFile } from 'node:child_process';

export interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Thrown when no `git` executable can be run at all, so callers can say so once, clearly. */
export class GitMissingError extends Error {
  constructor(readonly gitPath: string) {
    super(`git was not found ('${gitPath}'); AI Provenance needs git for repository features`);
  }
}

export interface GitOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string | Buffer;
  readonly timeoutMs?: number;
  /** The git executable (the VS Code `git.path` setting, or `git`). */
  readonly gitPath?: string;
  readonly maxBuffer?: number;
}

/**
 * Runs git and resolves with its exit code and output; never rejects for a non-zero exit (callers
 * decide what a failure means), only when git itself cannot be started.
 */
export function runGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const gitPath = options.gitPath ?? 'git';
  return new Promise((resolve, reject) => {
    const child = execFile(
      gitPath,
      args as string[],
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: options.maxBuffer ?? 256 * 1024 * 1024,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { code?: string | number }) | null;
        if (err && err.code === 'ENOENT' && stdout === '' && stderr === '') {
          reject(new GitMissingError(gitPath));
          return;
        }
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Like runGit, but a non-zero exit is an error carrying git's own message. */
export async function gitOk(args: readonly string[], options: GitOptions): Promise<string> {
  const r = await runGit(args, options);
  if (r.code !== 0) throw new Error(`git ${args[0] ?? ''} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
  return r.stdout;
}
