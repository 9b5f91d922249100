import { realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stderrLogger } from '../../core/log';
import { installHooks, uninstallHooks } from '../../git/hooks/install';
import { copyRewrittenNotes, flushQueue } from '../../git/hooks/postCommit';
import type { HookStatus } from '../../git/hooks/status';
import { hookStatus } from '../../git/hooks/status';
import { parse } from '../args';
import type { CliCommand, CliIO } from '../io';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../io';

const INSTALL_USAGE = `Usage: ai-provenance hook install [--repo DIR] [--json] [--node PATH] [--cli PATH]

Installs the git hooks that add AI-origin trailers to commits (prepare-commit-msg, commit-msg)
and keep line-level provenance in a git note (post-commit, post-rewrite). Hooks that are
already there keep running (before or after ours, with their own exit status) and come back
unchanged on uninstall. Running it again repairs an install another tool removed.

The hooks run the CLI through the runtime recorded now (never 'node' from PATH):
  --node PATH  the runtime (default: the one running this command)
  --cli PATH   the bundled CLI, dist/cli.js (default: this CLI)
  --repo DIR   repository (default: the one containing the current directory)
  --json       machine-readable result`;

const UNINSTALL_USAGE = `Usage: ai-provenance hook uninstall [--repo DIR] [--json]

Removes our hooks and puts back exactly the hooks that were there before.`;

const STATUS_USAGE = `Usage: ai-provenance hook status [--repo DIR] [--json]

Reports whether the hooks are installed, missing, bypassed (another tool removed or overrode
them, or core.hooksPath changed) or stale (the recorded runtime or CLI no longer exists), and
what to do about it. Exit code 0 when installed, 1 otherwise.`;

async function repoDir(io: CliIO, repo: string | undefined): Promise<string> {
  const dir = resolve(io.cwd, repo ?? '.');
  if (repo !== undefined && !(await stat(dir).catch(() => undefined))?.isDirectory()) throw new UsageError(`--repo: '${repo}' is not a directory`);
  return dir;
}

function defaultCli(): string | undefined {
  const script = process.argv[1];
  if (!script) return undefined;
  try {
    const real = realpathSync(script);
    return /\.c?js$/.test(real) ? real : undefined;
  } catch {
    return undefined;
  }
}

export const hookInstallCommand: CliCommand = {
  words: ['hook', 'install'],
  summary: 'install the git hooks that add trailers and notes to commits',
  usage: INSTALL_USAGE,
  async run(args, io) {
    const { values } = parse(args, { repo: { type: 'string' }, json: { type: 'boolean' }, node: { type: 'string' }, cli: { type: 'string' } });
    const dir = await repoDir(io, values.repo);
    const node = values.node !== undefined ? resolve(io.cwd, values.node) : process.execPath;
    const cli = values.cli !== undefined ? resolve(io.cwd, values.cli) : defaultCli();
    if (!cli) throw new UsageError('cannot tell where this CLI is; pass --cli /path/to/dist/cli.js');
    const result = await installHooks(dir, { env: io.env, runtime: { node, cli } });
    if (values.json) io.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.ok) io.write(`${result.messages.join('\n')}\n`);
    else io.error(`ai-provenance hook install: ${result.messages.join('\n')}\n`);
    return result.ok ? EXIT_OK : EXIT_FAIL;
  },
};

export const hookUninstallCommand: CliCommand = {
  words: ['hook', 'uninstall'],
  summary: 'remove our git hooks and restore the ones that were there',
  usage: UNINSTALL_USAGE,
  async run(args, io) {
    const { values } = parse(args, { repo: { type: 'string' }, json: { type: 'boolean' } });
    const result = await uninstallHooks(await repoDir(io, values.repo), { env: io.env });
    if (values.json) io.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (!result.ok) io.error(`ai-provenance hook uninstall: ${result.messages.join('\n')}\n`);
    else {
      const lines = [...result.restored.map((p) => `restored ${p}`), ...result.removed.map((p) => `removed ${p}`), ...result.messages];
      io.write(`${lines.length ? lines.join('\n') : 'nothing to remove'}\n`);
    }
    return result.ok ? EXIT_OK : EXIT_FAIL;
  },
};

export function statusText(s: HookStatus): string {
  const lines = [`${s.state}: ${s.repo}`, `  hooks dir: ${s.hooksDir}${s.hooksPath ? ` (core.hooksPath, ${s.hooksPath.scope})` : ''}`, `  git ${s.gitVersion}${s.manager ? `, hook manager: ${s.manager}` : ''}${s.method ? `, installed as ${s.method}` : ''}`];
  if (s.runtime) lines.push(`  runtime: ${s.runtime.node}${s.runtime.nodeExists ? '' : ' (missing)'}`, `  cli: ${s.runtime.cli}${s.runtime.cliExists ? '' : ' (missing)'}`);
  for (const h of s.hooks) lines.push(`  ${h.hook}: ${h.state}${h.via ? ` via ${h.via}` : ''}${h.detail ? ` (${h.detail})` : ''}`);
  for (const p of s.problems) lines.push(`problem: ${p}`);
  for (const a of s.advice) lines.push(a);
  return `${lines.join('\n')}\n`;
}

export const hookStatusCommand: CliCommand = {
  words: ['hook', 'status'],
  summary: 'check that the git hooks are installed and not bypassed',
  usage: STATUS_USAGE,
  async run(args, io) {
    const { values } = parse(args, { repo: { type: 'string' }, json: { type: 'boolean' } });
    const dir = await repoDir(io, values.repo);
    const status = await hookStatus(dir, { env: io.env });
    if (!status) {
      io.error(`ai-provenance hook status: ${dir} is not inside a git work tree\n`);
      return EXIT_FAIL;
    }
    io.write(values.json ? `${JSON.stringify(status, null, 2)}\n` : statusText(status));
    return status.state === 'installed' ? EXIT_OK : EXIT_FAIL;
  },
};

export const hookFlushCommand: CliCommand = {
  words: ['hook', 'flush'],
  summary: 'write the notes of queued commits (run by the post-commit hook)',
  usage: 'Usage: ai-provenance hook flush --state DIR\n\nRun by the post-commit hook in the background; safe to run by hand.',
  async run(args, io) {
    const { values } = parse(args, { state: { type: 'string' } });
    if (!values.state) throw new UsageError('--state is required');
    const log = stderrLogger(io.env.AIP_LOG ?? 'info', (t) => io.error(`${new Date().toISOString()} ${t}`));
    const result = await flushQueue(resolve(io.cwd, values.state), { env: io.env, log });
    if (result.processed > 0) log.info(`post-commit: ${result.noted} note(s) written for ${result.processed} commit(s)`);
    return EXIT_OK;
  },
};

export const hookCopyNotesCommand: CliCommand = {
  words: ['hook', 'copy-notes'],
  summary: 'copy notes to rebased commits (run by the post-rewrite hook)',
  usage: 'Usage: ai-provenance hook copy-notes --state DIR --pairs FILE\n\nRun by the post-rewrite hook after a rebase.',
  async run(args, io) {
    const { values } = parse(args, { state: { type: 'string' }, pairs: { type: 'string' } });
    if (!values.pairs) throw new UsageError('--pairs is required');
    await copyRewrittenNotes(resolve(io.cwd, values.pairs), io.cwd, { env: io.env, log: stderrLogger(io.env.AIP_LOG, (t) => io.error(t)) });
    return EXIT_OK;
  },
};

export const hookCommands: readonly CliCommand[] = [hookInstallCommand, hookUninstallCommand, hookStatusCommand, hookFlushCommand, hookCopyNotesCommand];
