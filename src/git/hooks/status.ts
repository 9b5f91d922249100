import { dirname, join, resolve } from 'node:path';
import type { GitOptions } from '../exec';
import { discoverRepo } from '../repo';
import type { ConfigScope, HooksLayout, LayoutOptions, Manager } from './layout';
import { CONFIG_HOOKS_VERSION, REQUIRED, decideInstall, exists, gitOptionsOf, gitText, managerAdvice, readLayout, readText, versionAtLeast } from './layout';
import { readManifest, scriptsDirOf } from './install';
import type { HookName } from './script';
import { CHAINED_SUFFIX, HOOK_NAMES, parseHookScript } from './script';

/**
 * Whether our hooks run in one repository, and if not why and what to do (`hook status`, the
 * editor's check on start).
 */

export type HookState = 'installed' | 'missing' | 'bypassed' | 'stale';

export interface HookFileStatus {
  readonly hook: HookName;
  /** How git reaches our script for this hook, when it does. */
  readonly via?: 'hooks-dir' | 'pre-commit-legacy' | 'config' | 'manager-line';
  readonly state: HookState;
  readonly detail?: string;
}

export interface HookStatus {
  /** Overall: installed (everything runs), missing (never installed), bypassed (installed, but something removed or overrode it), stale (the recorded runtime or CLI is gone). */
  readonly state: HookState;
  readonly repo: string;
  readonly hooksDir: string;
  readonly gitVersion: string;
  readonly method?: 'config' | 'hooks-dir';
  readonly manager?: Manager;
  readonly hooksPath?: { readonly value: string; readonly scope: ConfigScope };
  readonly runtime?: { readonly node: string; readonly cli: string; readonly nodeExists: boolean; readonly cliExists: boolean };
  readonly hooks: readonly HookFileStatus[];
  /** What is wrong, in words. */
  readonly problems: readonly string[];
  /** What to do about it (exact lines for managers' configuration). */
  readonly advice: readonly string[];
  /** Whether `hook install` can (re)install here. */
  readonly canInstall: boolean;
}

export async function hookStatus(dir: string, options: LayoutOptions = {}): Promise<HookStatus | undefined> {
  const repo = await discoverRepo(dir, options);
  if (!repo) return undefined;
  const git = gitOptionsOf(repo, options);
  const layout = await readLayout(repo, options);
  const decision = decideInstall(layout);
  const manifest = await readManifest(repo);
  const scripts = scriptsDirOf(repo);
  const problems: string[] = [];
  const advice: string[] = [];
  const hooks: HookFileStatus[] = [];
  let runtime: HookStatus['runtime'];
  const seenRuntimes: { node: string; cli: string }[] = [];

  for (const hook of HOOK_NAMES) {
    const required = REQUIRED.includes(hook);
    const direct = await readText(join(layout.hooksDir, hook));
    const directInfo = direct !== undefined ? parseHookScript(direct) : undefined;
    const legacy = directInfo ? undefined : await readText(join(layout.hooksDir, `${hook}.legacy`));
    const legacyInfo = legacy !== undefined ? parseHookScript(legacy) : undefined;
    const stateScript = await readText(join(scripts, hook));
    const stateInfo = stateScript !== undefined ? parseHookScript(stateScript) : undefined;
    let via: HookFileStatus['via'];
    let info = directInfo ?? legacyInfo;
    if (directInfo) via = 'hooks-dir';
    else if (legacyInfo && direct?.includes('pre-commit')) via = 'pre-commit-legacy';
    else if (stateInfo && (await configHookPresent(git, hook)) && versionAtLeast(layout.gitVersion, CONFIG_HOOKS_VERSION)) via = 'config';
    else if (stateInfo && (await managerCalls(repo.root, layout, hook))) via = 'manager-line';
    if (via === 'config' || via === 'manager-line') info = stateInfo;
    if (via && info) {
      if (info.node && info.cli) seenRuntimes.push({ node: info.node, cli: info.cli });
      hooks.push({ hook, via, state: 'installed' });
      continue;
    }
    let detail: string | undefined;
    const old = await readText(join(layout.hooksDir, `${hook}.old`));
    if (old !== undefined && parseHookScript(old)) detail = `lefthook renamed ours to ${hook}.old and no longer runs it`;
    else if (manifest?.method === 'hooks-dir' && manifest.hooksDir && resolve(manifest.hooksDir) !== resolve(layout.hooksDir)) detail = `installed in ${manifest.hooksDir}, but git now runs hooks from ${layout.hooksDir} (core.hooksPath changed)`;
    else if (manifest && direct !== undefined) detail = `${join(layout.hooksDir, hook)} was replaced by another tool`;
    else if (manifest && (await exists(join(layout.hooksDir, `${hook}${CHAINED_SUFFIX}`)))) detail = `${join(layout.hooksDir, hook)} was removed by another tool`;
    else if (manifest) detail = `${join(layout.hooksDir, hook)} is missing`;
    hooks.push({ hook, state: manifest ? 'bypassed' : 'missing', ...(detail ? { detail } : {}) });
    if (detail && required) problems.push(detail);
  }

  const recorded = seenRuntimes[0] ?? (manifest ? { node: manifest.node, cli: manifest.cli } : undefined);
  if (recorded) {
    const nodeExists = await exists(recorded.node);
    const cliExists = await exists(recorded.cli);
    runtime = { ...recorded, nodeExists, cliExists };
    if (!nodeExists) problems.push(`the recorded runtime ${recorded.node} no longer exists`);
    if (!cliExists) problems.push(`the recorded CLI ${recorded.cli} no longer exists (extension updated or moved?)`);
  }
  const requiredStatus = hooks.filter((h) => REQUIRED.includes(h.hook));
  let state: HookState;
  if (requiredStatus.every((h) => h.state === 'installed')) state = runtime && (!runtime.nodeExists || !runtime.cliExists) ? 'stale' : 'installed';
  else if (requiredStatus.every((h) => h.state === 'missing')) state = 'missing';
  else state = 'bypassed';
  if (state === 'installed' && hooks.some((h) => h.state !== 'installed')) {
    // Optional hooks (post-rewrite) missing: still installed, but say so.
    advice.push(...hooks.filter((h) => h.state !== 'installed').map((h) => `${h.hook} is not installed (notes are not copied on rebase); run 'ai-provenance hook install' to add it`));
  }
  if (decision.method === 'refuse') problems.push(decision.reason);
  if (layout.manager && state !== 'installed') advice.push(...managerAdvice(layout.manager));
  if (state === 'bypassed' || state === 'stale') advice.unshift("run 'ai-provenance hook install' to repair");
  return {
    state,
    repo: repo.root,
    hooksDir: layout.hooksDir,
    gitVersion: layout.gitVersion.join('.'),
    ...(manifest ? { method: manifest.method } : {}),
    ...(layout.manager ? { manager: layout.manager } : {}),
    ...(layout.hooksPath ? { hooksPath: layout.hooksPath } : {}),
    ...(runtime ? { runtime } : {}),
    hooks,
    problems,
    advice,
    canInstall: decision.method !== 'refuse',
  };
}

async function configHookPresent(git: GitOptions, hook: HookName): Promise<boolean> {
  return (await gitText(['config', '--local', '--get', `hook.ai-provenance-${hook}.command`], git)) !== undefined;
}

/** A manager's configuration (husky's tracked hook, lefthook or simple-git-hooks config) calls our script. */
async function managerCalls(root: string, layout: HooksLayout, hook: HookName): Promise<boolean> {
  const needle = `ai-provenance/hooks/${hook}`;
  const files = [
    ...(layout.manager === 'husky' || layout.huskyRunner ? [join(dirname(layout.hooksDir), hook)] : []),
    ...['lefthook.yml', '.lefthook.yml', 'lefthook-local.yml', '.lefthook-local.yml', 'lefthook.yaml', 'lefthook-local.yaml', 'lefthook.toml', 'lefthook.json'].map((f) => join(root, f)),
    join(root, 'package.json'),
    join(root, '.simple-git-hooks.json'),
    join(root, 'simple-git-hooks.json'),
  ];
  for (const f of files) if ((await readText(f))?.includes(needle)) return true;
  return false;
}

