import { existsSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Scope } from '../../agents/config';
import type { FileChange, ScopeTarget } from '../../agents/connect';
import { agentStatus, connectAgents, describeChange, disconnectAgents, launcherPath, userStateDir } from '../../agents/connect';
import type { AgentId } from '../../agents/payload';
import { AGENTS, isAgentId } from '../../agents/payload';
import { homeDir } from '../../agents/paths';
import { discoverRepo, stateDirOf } from '../../git/repo';
import { parse } from '../args';
import type { CliCommand, CliIO } from '../io';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../io';

const AGENT_LIST = `${AGENTS.join('|')}|all`;

const CONNECT_USAGE = `Usage: ai-provenance agents connect [${AGENT_LIST}]... [--user] [--repo <dir>] [--dry-run] [--json]

Adds AI Provenance's hook to the agents' own hook configuration, so that every file they write is
recorded as AI (exact characters, mode agentic, or autonomous when the agent runs without
approvals). Without agent names, connects the agents detected here ('agents status').

  repository (default)  .claude/settings.json, .github/hooks/ai-provenance.json, .cursor/hooks.json,
                        .codex/hooks.json, .gemini/settings.json of the repository; the command
                        holds no machine-specific path, so these files can be committed
  --user                ~/.claude/settings.json, ~/.copilot/hooks/, ~/.cursor/hooks.json,
                        ~/.codex/hooks.json, ~/.gemini/settings.json
  --repo <dir>          the repository (default: the one containing the current directory)
  --dry-run             show what would change, change nothing
  --json                print the changes as JSON

Idempotent. Every other byte of an existing file is kept; 'agents disconnect' takes the entries
out again. Hooks run a launcher installed under the repository's .git/ai-provenance/bin (or
~/.ai-provenance/bin with --user) that runs a copy of this CLI, so ai-provenance need not be on
PATH and updates of the extension do not break them.`;

const DISCONNECT_USAGE = `Usage: ai-provenance agents disconnect [${AGENT_LIST}]... [--user] [--repo <dir>] [--dry-run] [--json]

Removes exactly what 'agents connect' added (byte for byte when the file was not edited since),
and the launcher once no agent uses it. Without agent names, disconnects all.`;

const STATUS_USAGE = `Usage: ai-provenance agents status [--repo <dir>] [--json]

Lists the agents found on this machine and in the repository (config directories, executables on
PATH) and whether AI Provenance's hook is connected for the repository and for the user.`;

interface Parsed {
  agents: AgentId[] | 'detected' | 'all-connected';
  scope: Scope;
  dryRun: boolean;
  json: boolean;
  repo: string | undefined;
}

function parseAgentArgs(args: string[], io: CliIO, verb: 'connect' | 'disconnect'): Parsed {
  const parsed = parse(args, { user: { type: 'boolean' }, repo: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, true);
  const values = parsed.values;
  const positionals = parsed.positionals as string[];
  let agents: Parsed['agents'];
  if (positionals.length === 0) agents = verb === 'connect' ? 'detected' : 'all-connected';
  else if (positionals.includes('all')) agents = [...AGENTS];
  else {
    agents = [];
    for (const p of positionals) {
      const id = p === 'claude' ? 'claude-code' : p === 'gemini-cli' ? 'gemini' : p;
      if (!isAgentId(id)) throw new UsageError(`unknown agent '${p}' (one of ${AGENT_LIST})`);
      if (!agents.includes(id)) agents.push(id);
    }
  }
  return { agents, scope: values.user ? 'user' : 'repo', dryRun: values['dry-run'] === true, json: values.json === true, repo: values.repo ?? (values.user ? undefined : io.cwd) };
}

async function target(p: Parsed, io: CliIO): Promise<ScopeTarget & { repoRoot?: string }> {
  if (p.scope === 'user') {
    const repo = await discoverRepo(io.cwd).catch(() => undefined);
    return { scope: 'user', root: homeDir(io.env), stateDir: userStateDir(io.env), env: io.env, ...(repo ? { repoRoot: repo.root } : {}) };
  }
  const dir = resolve(io.cwd, p.repo ?? '.');
  if (!existsSync(dir)) throw new UsageError(`--repo: ${p.repo} does not exist`);
  const repo = await discoverRepo(dir);
  if (!repo) throw new UsageError(`${dir} is not inside a git work tree; use --repo <dir>, or --user for your user configuration`);
  return { scope: 'repo', root: repo.root, stateDir: stateDirOf(repo), env: io.env, repoRoot: repo.root };
}

/** The built CLI bundle to copy for hooks: `AIP_HOOK_CLI`, else the running script when it is the bundle. */
function cliSource(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AIP_HOOK_CLI) return env.AIP_HOOK_CLI;
  const script = process.argv[1];
  return script && (basename(script) === 'cli.js' || basename(script) === 'ai-provenance') && existsSync(script) ? script : undefined;
}

function report(changes: FileChange[], t: ScopeTarget, p: Parsed, io: CliIO, verb: string): number {
  const show = (f: string): string => (t.scope === 'repo' ? relative(t.root, f) : f.replace(t.root, '~'));
  if (p.json) {
    io.write(`${JSON.stringify({ scope: t.scope, dryRun: p.dryRun, launcher: launcherPath(t), changes: changes.map((c) => ({ agent: c.agent, file: c.file, action: c.action, ...(c.note ? { note: c.note } : {}) })) }, null, 1)}\n`);
  } else {
    for (const c of changes) {
      io.write(`${c.agent.padEnd(12)} ${show(c.file)}: ${p.dryRun && c.action !== 'unchanged' && c.action !== 'absent' ? `would be ${c.action}` : c.action}${c.note ? ` (${c.note})` : ''}\n`);
      for (const line of describeChange(c.before, c.after)) io.write(`    ${line}\n`);
    }
    if (changes.length === 0) io.write(`nothing to ${verb}\n`);
    else if (verb === 'connect' && !p.dryRun) io.write(`hooks run ${show(launcherPath(t))}\n`);
  }
  return changes.some((c) => c.action === 'failed') ? EXIT_FAIL : EXIT_OK;
}

export const agentsConnectCommand: CliCommand = {
  words: ['agents', 'connect'],
  summary: "record AI edits of Claude Code, Copilot, Cursor, Codex, Gemini CLI through their hooks",
  usage: CONNECT_USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const p = parseAgentArgs(args, io, 'connect');
    const t = await target(p, io);
    let agents: AgentId[];
    if (p.agents === 'detected' || p.agents === 'all-connected') {
      agents = (await agentStatus(io.env, t.repoRoot)).filter((s) => s.detected.length > 0).map((s) => s.agent);
      if (agents.length === 0) {
        io.error(`ai-provenance agents connect: no agent detected here; name the ones to connect (${AGENT_LIST})\n`);
        return EXIT_FAIL;
      }
    } else agents = p.agents;
    const source = cliSource(io.env);
    if (!source && !p.dryRun) io.error('ai-provenance agents connect: warning: not run from the built CLI; the hook runtime was not refreshed (the extension refreshes it when it starts)\n');
    const changes = await connectAgents(agents, { ...t, dryRun: p.dryRun, runtime: process.execPath, ...(source ? { cliSource: source } : {}) });
    return report(changes, t, p, io, 'connect');
  },
};

export const agentsDisconnectCommand: CliCommand = {
  words: ['agents', 'disconnect'],
  summary: 'remove the hooks that agents connect added',
  usage: DISCONNECT_USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const p = parseAgentArgs(args, io, 'disconnect');
    const t = await target(p, io);
    const agents = Array.isArray(p.agents) ? p.agents : [...AGENTS];
    const changes = (await disconnectAgents(agents, { ...t, dryRun: p.dryRun })).filter((c) => Array.isArray(p.agents) || c.action !== 'absent');
    return report(changes, t, p, io, 'disconnect');
  },
};

export const agentsStatusCommand: CliCommand = {
  words: ['agents', 'status'],
  summary: 'list the AI agents found here and whether their hook is connected',
  usage: STATUS_USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values } = parse(args, { repo: { type: 'string' }, json: { type: 'boolean' } });
    const repo = await discoverRepo(resolve(io.cwd, values.repo ?? '.')).catch(() => undefined);
    const status = await agentStatus(io.env, repo?.root);
    if (values.json) {
      io.write(`${JSON.stringify({ repo: repo?.root ?? null, agents: status }, null, 1)}\n`);
      return EXIT_OK;
    }
    for (const s of status) {
      const where = [s.repoConnected ? 'repository' : '', s.userConnected ? 'user' : ''].filter(Boolean).join(' + ');
      io.write(`${s.agent.padEnd(12)} ${(where ? `connected (${where})` : 'not connected').padEnd(34)} ${s.detected.length ? `found: ${s.detected.join(', ')}` : 'not found'}\n`);
    }
    if (!repo) io.write('(not inside a git repository: repository hooks not shown)\n');
    return EXIT_OK;
  },
};

export const agentsCommands: readonly CliCommand[] = [agentsConnectCommand, agentsDisconnectCommand, agentsStatusCommand];
