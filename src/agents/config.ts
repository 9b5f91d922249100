import { join } from 'node:path';
import type { AgentId } from './payload';
import { LAUNCHER_NAME, shQuote } from './launcher';
import { homeDir } from './paths';

export type Scope = 'repo' | 'user';

/** Where and how one agent's hook is configured. */
export interface AgentSpec {
  readonly id: AgentId;
  readonly label: string;
  /** The config file, for the repository (at `root`) or the user. */
  file(scope: Scope, root: string, env: NodeJS.ProcessEnv): string;
  /** Hook events our entry goes under, each an array at `["hooks", event]`. */
  readonly events: readonly string[];
  /** Top-level fields a new file starts with (besides "hooks"). */
  readonly skeleton: Readonly<Record<string, unknown>>;
  /** Our entry for one event. */
  entry(command: string, event: string): unknown;
  /** The commands of an entry (to tell ours apart). */
  commandsOf(entry: unknown): string[];
  /** Config directories whose presence says the agent is used here. */
  detectDirs(scope: Scope, root: string, env: NodeJS.ProcessEnv): string[];
  /** Executables on PATH that say it is installed. */
  readonly binaries: readonly string[];
  /** Where the facts above come from (also in docs/detection.md). */
  readonly source: string;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Claude-style entries: {matcher, hooks: [{type: "command", command, ...}]}. */
function nestedCommands(entry: unknown): string[] {
  const hooks = rec(entry)?.hooks;
  return Array.isArray(hooks) ? hooks.map((h) => rec(h)?.command).filter((c): c is string => typeof c === 'string') : [];
}

function envDir(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const v = env[variable];
  return v && v.startsWith('/') ? v : join(homeDir(env), fallback);
}

export const AGENT_SPECS: readonly AgentSpec[] = [
  {
    id: 'claude-code',
    label: 'Claude Code',
    file: (scope, root, env) => (scope === 'repo' ? join(root, '.claude', 'settings.json') : join(envDir(env, 'CLAUDE_CONFIG_DIR', '.claude'), 'settings.json')),
    events: ['PostToolUse'],
    skeleton: {},
    entry: (command) => ({ matcher: 'Edit|Write|MultiEdit', hooks: [{ type: 'command', command, timeout: 30 }] }),
    commandsOf: nestedCommands,
    detectDirs: (scope, root, env) => [scope === 'repo' ? join(root, '.claude') : envDir(env, 'CLAUDE_CONFIG_DIR', '.claude')],
    binaries: ['claude'],
    source: 'code.claude.com/docs/en/hooks',
  },
  {
    id: 'copilot',
    label: 'GitHub Copilot (CLI, cloud agent, VS Code agent hooks)',
    file: (scope, root, env) => (scope === 'repo' ? join(root, '.github', 'hooks', 'ai-provenance.json') : join(envDir(env, 'COPILOT_HOME', '.copilot'), 'hooks', 'ai-provenance.json')),
    events: ['postToolUse'],
    skeleton: { version: 1 },
    entry: (command) => ({ type: 'command', bash: command, timeoutSec: 30 }),
    commandsOf: (e) => [rec(e)?.bash, rec(e)?.command].filter((c): c is string => typeof c === 'string'),
    detectDirs: (scope, root, env) => [scope === 'repo' ? join(root, '.github', 'hooks') : envDir(env, 'COPILOT_HOME', '.copilot')],
    binaries: ['copilot'],
    source: 'docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference',
  },
  {
    id: 'cursor',
    label: 'Cursor',
    file: (scope, root, env) => (scope === 'repo' ? join(root, '.cursor', 'hooks.json') : join(homeDir(env), '.cursor', 'hooks.json')),
    events: ['afterFileEdit', 'afterTabFileEdit'],
    skeleton: { version: 1 },
    entry: (command) => ({ command }),
    commandsOf: (e) => [rec(e)?.command].filter((c): c is string => typeof c === 'string'),
    detectDirs: (scope, root, env) => [scope === 'repo' ? join(root, '.cursor') : join(homeDir(env), '.cursor')],
    binaries: ['cursor', 'cursor-agent'],
    source: 'cursor.com/docs/agent/hooks',
  },
  {
    id: 'codex',
    label: 'OpenAI Codex CLI',
    file: (scope, root, env) => (scope === 'repo' ? join(root, '.codex', 'hooks.json') : join(envDir(env, 'CODEX_HOME', '.codex'), 'hooks.json')),
    events: ['PostToolUse'],
    skeleton: {},
    entry: (command) => ({ matcher: 'apply_patch|Edit|Write', hooks: [{ type: 'command', command, timeout: 30 }] }),
    commandsOf: nestedCommands,
    detectDirs: (scope, root, env) => [scope === 'repo' ? join(root, '.codex') : envDir(env, 'CODEX_HOME', '.codex')],
    binaries: ['codex'],
    source: 'developers.openai.com/codex/hooks',
  },
  {
    id: 'gemini',
    label: 'Gemini CLI',
    file: (scope, root, env) => (scope === 'repo' ? join(root, '.gemini', 'settings.json') : join(homeDir(env), '.gemini', 'settings.json')),
    events: ['AfterTool'],
    skeleton: {},
    entry: (command) => ({ matcher: 'write_file|replace', hooks: [{ name: 'ai-provenance', type: 'command', command, timeout: 30000 }] }),
    commandsOf: nestedCommands,
    detectDirs: (scope, root, env) => [scope === 'repo' ? join(root, '.gemini') : join(homeDir(env), '.gemini')],
    binaries: ['gemini'],
    source: 'geminicli.com/docs/hooks/reference',
  },
];

export function specOf(id: AgentId): AgentSpec {
  return AGENT_SPECS.find((s) => s.id === id)!;
}

/** Our entries are the ones whose command runs the launcher. */
export function isOurEntry(spec: AgentSpec, entry: unknown): boolean {
  const commands = spec.commandsOf(entry);
  return commands.length > 0 && commands.every((c) => c.includes(LAUNCHER_NAME));
}

/**
 * The hook command written into an agent's config. It never fails the agent: when the launcher is
 * missing it exits 0.
 * - repo scope: the launcher is found through git at run time (`<git common dir>/ai-provenance/
 *   bin/ai-provenance-hook`), so the command holds no machine-specific path and the config file
 *   can be committed: every teammate who connected gets their own launcher, the others nothing.
 * - user scope: the absolute path of the user-level launcher.
 */
export function hookCommand(scope: Scope, agent: AgentId, userLauncher: string): string {
  const locate = scope === 'repo' ? `f="$(git rev-parse --git-common-dir 2>/dev/null)/ai-provenance/bin/${LAUNCHER_NAME}"` : `f=${shQuote(userLauncher)}`;
  return `${locate}; [ -x "$f" ] && exec "$f" ${agent}; exit 0`;
}
