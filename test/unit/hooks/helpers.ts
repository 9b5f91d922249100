import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TRAILER_KEYS } from '../../../src/core/trailers/contract';
import { CLI } from '../gitRepo';

/** Real git in temp repositories with our hooks installed from the built CLI (npm run build). */

export const CLI_PATH = CLI;
export const NODE = process.execPath;

let sandbox: string | undefined;
/** A HOME and global config of our own, so the user's git configuration never leaks in. */
export function sandboxDir(): string {
  if (!sandbox) {
    sandbox = realpathSync(mkdtempSync(join(tmpdir(), 'aip-home-')));
    writeFileSync(join(sandbox, '.gitconfig'), '');
    process.on('exit', () => rmSync(sandbox!, { recursive: true, force: true }));
  }
  return sandbox;
}

export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(GIT_|AIP_|HUSKY|LEFTHOOK|SKIP_SIMPLE_GIT_HOOKS|ELECTRON_)/.test(k)) continue;
    env[k] = v;
  }
  const home = sandboxDir();
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    // A command that unexpectedly opens an editor fails instead of hanging the test.
    GIT_EDITOR: 'false',
    GIT_AUTHOR_NAME: 'Test User',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test User',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    ...extra,
  };
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string | Buffer;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Fail the test on a non-zero exit unless set. */
  readonly allowFail?: boolean;
}

export function run(cmd: string, args: readonly string[], cwd: string, options: RunOptions = {}): Run {
  const r = spawnSync(cmd, args as string[], { cwd: options.cwd ?? cwd, env: cleanEnv(options.env), input: options.input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  if (!options.allowFail && out.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${out.code}): ${out.stderr}${out.stdout}`);
  return out;
}

export class HookRepo {
  readonly root: string;

  constructor(options: { install?: boolean; prefix?: string; root?: string; init?: boolean } = {}) {
    this.root = options.root ?? realpathSync(mkdtempSync(join(tmpdir(), options.prefix ?? 'aip-hook-')));
    if (options.init !== false) {
      this.git('init', '-q', '-b', 'main');
      this.git('config', 'user.name', 'Test User');
      this.git('config', 'user.email', 'test@example.com');
      this.git('config', 'commit.gpgsign', 'false');
    }
    if (options.install) this.install();
  }

  git(...args: string[]): string {
    return run('git', args, this.root).stdout;
  }

  run(args: readonly string[], options: RunOptions = {}): Run {
    return run('git', args, this.root, options);
  }

  cli(args: readonly string[], options: RunOptions = {}): Run {
    return run(NODE, [CLI_PATH, ...args], this.root, options);
  }

  install(extra: string[] = []): Run {
    return this.cli(['hook', 'install', '--node', NODE, '--cli', CLI_PATH, ...extra]);
  }

  write(rel: string, content: string | Buffer): string {
    const p = join(this.root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  }

  read(rel: string): string {
    return readFileSync(join(this.root, rel), 'utf8');
  }

  path(rel: string): string {
    return join(this.root, rel);
  }

  /** Marks 1-based lines of a file as AI through the CLI, as an agent hook would. */
  mark(rel: string, lines: string | undefined, tool = 'claude-code', model?: string, cwd?: string): void {
    this.cli(['mark', `--file=${rel}`, ...(lines ? ['--lines', lines] : []), '--tool', tool, ...(model ? ['--model', model] : [])], cwd ? { cwd } : {});
  }

  /** The exact bytes of a commit's message. */
  message(rev = 'HEAD'): string {
    const raw = this.git('cat-file', 'commit', rev);
    return raw.slice(raw.indexOf('\n\n') + 2);
  }

  /** `git interpret-trailers --parse --no-divider` of a commit message, outside the repository (no config). */
  parsed(rev = 'HEAD'): { key: string; value: string }[] {
    return parseTrailerLines(run('git', ['interpret-trailers', '--parse', '--no-divider'], tmpdir(), { input: this.message(rev) }).stdout);
  }

  /** Our trailers as `Key: value` lines, in order. */
  ours(rev = 'HEAD'): string[] {
    return this.parsed(rev)
      .filter((p) => isOurKey(p.key))
      .map((p) => `${p.key}: ${p.value}`);
  }

  /** Waits until the background post-commit work (notes, ledger) is done. */
  async idle(timeoutMs = 20_000): Promise<void> {
    const state = join(this.gitCommonDir(), 'ai-provenance');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!existsSync(join(state, 'flush.pid')) && !existsSync(join(state, 'commits.queue'))) {
        await new Promise((r) => setTimeout(r, 30));
        if (!existsSync(join(state, 'flush.pid')) && !existsSync(join(state, 'commits.queue'))) return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('post-commit work did not finish');
  }

  gitCommonDir(): string {
    const d = this.git('rev-parse', '--path-format=absolute', '--git-common-dir').trim();
    return d;
  }

  note(rev = 'HEAD'): Record<string, unknown> | undefined {
    const r = this.run(['notes', '--ref=refs/notes/ai-provenance', 'show', rev], { allowFail: true });
    return r.code === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined;
  }

  async dispose(): Promise<void> {
    await this.idle().catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function isOurKey(key: string): boolean {
  return (TRAILER_KEYS as readonly string[]).some((k) => k.toLowerCase() === key.trim().toLowerCase());
}

export function parseTrailerLines(text: string): { key: string; value: string }[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const i = l.indexOf(':');
      return i < 0 ? { key: l, value: '' } : { key: l.slice(0, i), value: l.slice(i + 1).trim() };
    });
}

/**
 * A committed message without our trailers: our lines at the end go, and so does the blank line
 * before them when they formed their own paragraph. What is left must be exactly what git
 * commits without the hook.
 */
export function stripOurs(message: string): string {
  const lines = message.split('\n');
  const endsWithNl = lines[lines.length - 1] === '';
  if (endsWithNl) lines.pop();
  let removed = 0;
  while (lines.length > 0 && /^([A-Za-z-]+):/.test(lines[lines.length - 1]!) && isOurKey(/^([A-Za-z-]+):/.exec(lines[lines.length - 1]!)![1]!)) {
    lines.pop();
    removed++;
  }
  if (removed > 0 && lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}${endsWithNl ? '\n' : ''}`;
}

/** A GIT_EDITOR script: `keep` leaves the message, `empty` empties it, otherwise its text is written. */
export function editorScript(dir: string, name: string, behaviour: 'keep' | 'empty' | { write: string } | { prepend: string }): string {
  const path = join(dir, `editor-${name}.sh`);
  let body: string;
  if (behaviour === 'keep') body = 'exit 0';
  else if (behaviour === 'empty') body = ': > "$1"';
  else if ('write' in behaviour) body = `printf '%s' '${behaviour.write.replace(/'/g, `'\\''`)}' > "$1"`;
  else body = `{ printf '%s' '${behaviour.prepend.replace(/'/g, `'\\''`)}'; cat "$1"; } > "$1.new" && mv "$1.new" "$1"`;
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

export function scratchDir(prefix = 'aip-scratch-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}
