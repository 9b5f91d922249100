import { promises as fs } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { GitOptions } from '../exec';
import { runGit } from '../exec';
import type { RepoInfo } from '../repo';
import { discoverRepo, stateDirOf } from '../repo';
import type { ChainMode, HookName } from './script';
import { CHAINED_SUFFIX, HOOK_NAMES, isUsablePath, parseHookScript, renderHookScript, shQuote } from './script';

/**
 * Installing, checking and removing our git hooks in one repository (docs/hooks.md). The
 * decision of where to install is a pure function of what was found (decideInstall); the rest
 * reads and writes files with care to restore exactly what was there.
 */

export type Manager = 'husky' | 'lefthook' | 'simple-git-hooks' | 'pre-commit';
export type ConfigScope = 'system' | 'global' | 'local' | 'worktree' | 'command' | 'unknown';

export interface HooksLayout {
  readonly gitVersion: readonly [number, number, number];
  /** core.hooksPath and where it is set, when it is. */
  readonly hooksPath?: { readonly value: string; readonly scope: ConfigScope };
  /** The directory git runs hooks from (`git rev-parse --git-path hooks`), absolute. */
  readonly hooksDir: string;
  /** The hooks dir is inside the work tree and a file we would write there is tracked or not ignored. */
  readonly hooksDirShared: boolean;
  /** core.hooksPath (local) points outside this repository: other repositories may use that dir too. */
  readonly hooksDirOutside?: boolean;
  readonly manager?: Manager;
  /** husky 9's generated runner (`h`) is in the hooks dir. */
  readonly huskyRunner: boolean;
}

export type InstallDecision =
  | { readonly method: 'config' }
  | { readonly method: 'hooks-dir'; readonly chain: ChainMode }
  | { readonly method: 'refuse'; readonly reason: string };

/** git 2.54 added hooks defined in config (`hook.<name>.command`/`.event`), run alongside the hooks dir. */
export const CONFIG_HOOKS_VERSION: readonly [number, number, number] = [2, 54, 0];

export function versionAtLeast(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) {
    if ((v[i] ?? 0) !== (min[i] ?? 0)) return (v[i] ?? 0) > (min[i] ?? 0);
  }
  return true;
}

export function parseGitVersion(text: string): [number, number, number] | undefined {
  const m = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/**
 * Where our hooks go. Config-based hooks when git has them (nothing to chain, no manager can
 * remove them); otherwise the hooks dir git uses, chaining what is there — unless that dir is
 * global or shared with the team (tracked), which we never write into.
 */
export function decideInstall(layout: HooksLayout): InstallDecision {
  if (versionAtLeast(layout.gitVersion, CONFIG_HOOKS_VERSION)) return { method: 'config' };
  const hp = layout.hooksPath;
  if (hp && (hp.scope === 'global' || hp.scope === 'system' || hp.scope === 'command' || hp.scope === 'unknown')) {
    return {
      method: 'refuse',
      reason: `core.hooksPath is set in the ${hp.scope} git configuration (${hp.value}): AI Provenance never writes into a hooks directory shared by every repository. Use git 2.54 or later (its config-based hooks run alongside), or call the scripts in $(git rev-parse --git-common-dir)/ai-provenance/hooks/ from your own hooks.`,
    };
  }
  if (layout.hooksDirOutside) {
    return {
      method: 'refuse',
      reason: `core.hooksPath points outside this repository (${layout.hooksDir}), a directory other repositories may share: AI Provenance does not write there. Call the scripts in $(git rev-parse --git-common-dir)/ai-provenance/hooks/ from those hooks instead (see 'ai-provenance hook status'), or use git 2.54 or later.`,
    };
  }
  if (layout.manager === 'husky' && layout.huskyRunner && !layout.hooksDirShared) return { method: 'hooks-dir', chain: 'husky' };
  if (layout.hooksDirShared) {
    return {
      method: 'refuse',
      reason: `the hooks directory ${layout.hooksDir} is part of the work tree (tracked or not ignored): AI Provenance does not write into files your team shares. Call the scripts in $(git rev-parse --git-common-dir)/ai-provenance/hooks/ from your hooks instead (see 'ai-provenance hook status').`,
    };
  }
  return { method: 'hooks-dir', chain: 'file' };
}

export interface Runtime {
  /** Absolute path of the runtime that runs the CLI (process.execPath). */
  readonly node: string;
  /** Absolute path of dist/cli.js. */
  readonly cli: string;
}

interface Manifest {
  readonly format: 'ai-provenance-hooks';
  readonly version: 1;
  readonly method: 'config' | 'hooks-dir';
  readonly chain?: ChainMode;
  readonly hooksDir?: string;
  readonly node: string;
  readonly cli: string;
  readonly installed: string;
}

const MANIFEST = 'install.json';

export function scriptsDirOf(repo: RepoInfo): string {
  return join(stateDirOf(repo), 'hooks');
}

/** The tracked one-liner a manager's hook file can carry: harmless where we are not installed. */
export function managerLine(hook: HookName, args = '"$@"'): string {
  return `h="$(git rev-parse --git-common-dir)/ai-provenance/hooks/${hook}"; [ ! -x "$h" ] || "$h" ${args}`;
}

const REQUIRED: readonly HookName[] = ['prepare-commit-msg', 'commit-msg', 'post-commit'];

async function gitText(args: string[], options: GitOptions): Promise<string | undefined> {
  const r = await runGit(args, options);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

async function readText(p: string): Promise<string | undefined> {
  return fs.readFile(p, 'utf8').catch(() => undefined);
}

export interface LayoutOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly gitPath?: string;
}

/** What git and the repository say about hooks. */
export async function readLayout(repo: RepoInfo, options: LayoutOptions = {}): Promise<HooksLayout> {
  const git: GitOptions = { cwd: repo.root, ...(options.env ? { env: options.env } : {}), ...(options.gitPath ? { gitPath: options.gitPath } : {}) };
  const version = parseGitVersion((await gitText(['version'], git)) ?? '') ?? [0, 0, 0];
  const scoped = await gitText(['config', '--show-scope', '--get', 'core.hooksPath'], git);
  let hooksPath: HooksLayout['hooksPath'];
  if (scoped) {
    const tab = scoped.indexOf('\t');
    const scope = (tab > 0 ? scoped.slice(0, tab) : 'unknown') as ConfigScope;
    hooksPath = { value: tab > 0 ? scoped.slice(tab + 1) : scoped, scope: ['system', 'global', 'local', 'worktree', 'command'].includes(scope) ? scope : 'unknown' };
  }
  const hooksDir = resolve(repo.root, (await gitText(['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], git)) ?? join(repo.commonDir, 'hooks'));
  const huskyRunner = await exists(join(hooksDir, 'h'));
  const manager = await detectManager(repo.root, hooksDir, hooksPath?.value);
  const inside = (base: string) => {
    const rel = relative(base, hooksDir);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  const hooksDirOutside = hooksPath !== undefined && !inside(repo.root) && !inside(repo.commonDir) && !inside(repo.gitDir);
  return {
    gitVersion: version,
    ...(hooksPath ? { hooksPath } : {}),
    hooksDir,
    hooksDirShared: await isShared(repo, hooksDir, git),
    ...(hooksDirOutside ? { hooksDirOutside } : {}),
    ...(manager ? { manager } : {}),
    huskyRunner,
  };
}

/** Inside the work tree, and a hook file there would be tracked or not ignored. */
async function isShared(repo: RepoInfo, hooksDir: string, git: GitOptions): Promise<boolean> {
  const rel = relative(repo.root, hooksDir);
  if (rel.startsWith('..') || isAbsolute(rel)) return false;
  const inGit = relative(repo.commonDir, hooksDir);
  if (!inGit.startsWith('..') && !isAbsolute(inGit)) return false;
  const probe = `${rel.split(sep).join('/')}/prepare-commit-msg`;
  const tracked = await runGit(['ls-files', '--error-unmatch', '--', probe], git);
  if (tracked.code === 0) return true;
  const anyTracked = await gitText(['ls-files', '--', rel.split(sep).join('/')], git);
  if (anyTracked) return true;
  const ignored = await runGit(['check-ignore', '-q', '--no-index', '--', probe], git);
  return ignored.code !== 0;
}

async function detectManager(root: string, hooksDir: string, hooksPath: string | undefined): Promise<Manager | undefined> {
  if (hooksPath !== undefined && /(^|\/)\.husky\/_\/?$/.test(hooksPath.replace(/\\/g, '/'))) return 'husky';
  if (await exists(join(hooksDir, 'h')) && (await readText(join(hooksDir, 'h')))?.includes('husky')) return 'husky';
  for (const f of ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml', 'lefthook.toml', '.lefthook.toml', 'lefthook.json', '.lefthook.json', '.config/lefthook.yml', '.config/lefthook.yaml']) {
    if (await exists(join(root, f))) return 'lefthook';
  }
  const pkg = await readText(join(root, 'package.json'));
  if (pkg?.includes('"simple-git-hooks"')) return 'simple-git-hooks';
  for (const f of ['.simple-git-hooks.json', 'simple-git-hooks.json', '.simple-git-hooks.js', 'simple-git-hooks.js', '.simple-git-hooks.cjs', 'simple-git-hooks.cjs', '.simple-git-hooks.mjs', 'simple-git-hooks.mjs']) {
    if (await exists(join(root, f))) return 'simple-git-hooks';
  }
  if (await exists(join(root, '.pre-commit-config.yaml'))) return 'pre-commit';
  for (const hook of HOOK_NAMES) {
    const text = await readText(join(hooksDir, hook));
    if (!text || parseHookScript(text)) continue;
    if (/call_lefthook|lefthook run/.test(text)) return 'lefthook';
    if (text.includes('SKIP_SIMPLE_GIT_HOOKS')) return 'simple-git-hooks';
    if (text.includes('File generated by pre-commit')) return 'pre-commit';
  }
  return undefined;
}

export interface InstallResult {
  readonly ok: boolean;
  readonly method?: 'config' | 'hooks-dir';
  readonly hooksDir: string;
  /** Hooks that were there and now run after (or before) ours. */
  readonly chained: readonly string[];
  readonly messages: readonly string[];
}

export interface InstallOptions extends LayoutOptions {
  readonly runtime: Runtime;
  /** Install even where decideInstall refuses? Never: refusals stand. Only overrides the git version check in tests. */
  readonly layout?: HooksLayout;
}

/** Installs (or repairs) our hooks for the repository containing `dir`. */
export async function installHooks(dir: string, options: InstallOptions): Promise<InstallResult> {
  const repo = await discoverRepo(dir, options);
  if (!repo) return { ok: false, hooksDir: '', chained: [], messages: [`${dir} is not inside a git work tree`] };
  const { node, cli } = options.runtime;
  if (!isUsablePath(node) || !isUsablePath(cli)) return { ok: false, hooksDir: '', chained: [], messages: ['the runtime and CLI paths must be absolute, without line breaks'] };
  const layout = options.layout ?? (await readLayout(repo, options));
  const decision = decideInstall(layout);
  if (decision.method === 'refuse') return { ok: false, hooksDir: layout.hooksDir, chained: [], messages: [decision.reason] };

  const git: GitOptions = { cwd: repo.root, ...(options.env ? { env: options.env } : {}), ...(options.gitPath ? { gitPath: options.gitPath } : {}) };
  const scripts = scriptsDirOf(repo);
  await fs.mkdir(join(stateDirOf(repo), 'ledger', repo.worktreeKey), { recursive: true });
  await fs.mkdir(scripts, { recursive: true });
  for (const hook of HOOK_NAMES) await writeScript(join(scripts, hook), renderHookScript({ hook, node, cli, chain: 'none' }));
  const messages: string[] = [];
  const chained: string[] = [];

  if (decision.method === 'config') {
    for (const hook of HOOK_NAMES) {
      const name = `hook.ai-provenance-${hook}`;
      await runGit(['config', '--local', '--unset-all', `${name}.event`], git);
      await runGit(['config', '--local', `${name}.command`, shQuote(join(scripts, hook))], git);
      await runGit(['config', '--local', '--add', `${name}.event`, hook], git);
    }
    await writeManifest(repo, { format: 'ai-provenance-hooks', version: 1, method: 'config', node, cli, installed: new Date().toISOString() });
    messages.push(`installed as config-based hooks (git ${layout.gitVersion.join('.')}): hook.ai-provenance-*.command in .git/config`);
    return { ok: true, method: 'config', hooksDir: layout.hooksDir, chained, messages };
  }

  const hooksDir = layout.hooksDir;
  await fs.mkdir(hooksDir, { recursive: true });
  for (const hook of HOOK_NAMES) {
    const path = join(hooksDir, hook);
    const chainPath = `${path}${CHAINED_SUFFIX}`;
    const current = await readText(path);
    const currentIsOurs = current !== undefined && parseHookScript(current) !== undefined;
    if (current !== undefined && !currentIsOurs) {
      if (await exists(chainPath)) {
        // Another tool replaced ours: what it wrote is what is "there" now. The older copy is kept.
        const older = await readText(chainPath);
        if (older !== current) await fs.rename(chainPath, `${chainPath}.${Date.now()}`);
      }
      if (await exists(chainPath)) await fs.rm(path, { force: true });
      else await fs.rename(path, chainPath);
      chained.push(hook);
    } else if (await exists(chainPath)) {
      chained.push(hook);
    }
    await writeScript(path, renderHookScript({ hook, node, cli, chain: decision.chain }));
    // lefthook renames a foreign hook to .old and never runs it: a copy of ours there is dead.
    const old = await readText(`${path}.old`);
    if (old !== undefined && parseHookScript(old)) await fs.rm(`${path}.old`, { force: true });
  }
  await writeManifest(repo, { format: 'ai-provenance-hooks', version: 1, method: 'hooks-dir', chain: decision.chain, hooksDir, node, cli, installed: new Date().toISOString() });
  messages.push(`installed in ${hooksDir}${chained.length ? `; existing ${chained.join(', ')} hook(s) kept and run as before` : ''}`);
  if (layout.manager) messages.push(...managerAdvice(layout.manager));
  return { ok: true, method: 'hooks-dir', hooksDir, chained, messages };
}

async function writeScript(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await fs.writeFile(tmp, text, { mode: 0o755 });
  await fs.chmod(tmp, 0o755);
  await fs.rename(tmp, path);
}

async function writeManifest(repo: RepoInfo, m: Manifest): Promise<void> {
  await fs.writeFile(join(scriptsDirOf(repo), MANIFEST), `${JSON.stringify(m, null, 1)}\n`);
}

async function readManifest(repo: RepoInfo): Promise<Manifest | undefined> {
  try {
    const m = JSON.parse(await fs.readFile(join(scriptsDirOf(repo), MANIFEST), 'utf8')) as Manifest;
    return m.format === 'ai-provenance-hooks' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** How to make our hooks survive a manager that rewrites the hooks dir. */
export function managerAdvice(manager: Manager): string[] {
  switch (manager) {
    case 'husky':
      return [
        'husky regenerates .husky/_ (on every `npm install`), which removes hooks installed there. To keep AI Provenance across reinstalls, add this line to each of .husky/prepare-commit-msg, .husky/commit-msg and .husky/post-commit (create them if needed; the line does nothing on machines without AI Provenance):',
        ...REQUIRED.map((h) => `  .husky/${h}:  ${managerLine(h)}`),
      ];
    case 'lefthook':
      return [
        'lefthook renames hooks it does not manage to <hook>.old when it (re)installs. To keep AI Provenance, add to lefthook-local.yml (or lefthook.yml):',
        ...REQUIRED.flatMap((h) => [`  ${h}:`, '    commands:', '      ai-provenance:', `        run: '${managerLine(h, h === 'post-commit' ? '' : '{0}').trimEnd()}'`]),
      ];
    case 'simple-git-hooks':
      return [
        'simple-git-hooks deletes hooks it does not manage when it runs (unless "preserveUnused"). To keep AI Provenance, add to its configuration in package.json:',
        `  "preserveUnused": ["prepare-commit-msg", "commit-msg", "post-commit", "post-rewrite"]`,
        'or give it the commands, e.g.',
        ...REQUIRED.map((h) => `  "${h}": ${JSON.stringify(managerLine(h))}`),
      ];
    case 'pre-commit':
      return ['pre-commit keeps a hook it replaces as <hook>.legacy and runs it first: AI Provenance keeps working after `pre-commit install`.'];
  }
}

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
  const git: GitOptions = { cwd: repo.root, ...(options.env ? { env: options.env } : {}), ...(options.gitPath ? { gitPath: options.gitPath } : {}) };
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

export interface UninstallResult {
  readonly ok: boolean;
  readonly restored: readonly string[];
  readonly removed: readonly string[];
  readonly messages: readonly string[];
}

/** Removes ours and puts back exactly what was there (same bytes, same mode: a rename). */
export async function uninstallHooks(dir: string, options: LayoutOptions = {}): Promise<UninstallResult> {
  const repo = await discoverRepo(dir, options);
  if (!repo) return { ok: false, restored: [], removed: [], messages: [`${dir} is not inside a git work tree`] };
  const git: GitOptions = { cwd: repo.root, ...(options.env ? { env: options.env } : {}), ...(options.gitPath ? { gitPath: options.gitPath } : {}) };
  const layout = await readLayout(repo, options);
  const manifest = await readManifest(repo);
  const restored: string[] = [];
  const removed: string[] = [];
  const messages: string[] = [];
  const dirs = new Set([layout.hooksDir, ...(manifest?.hooksDir ? [manifest.hooksDir] : [])]);
  for (const hooksDir of dirs) {
    for (const hook of HOOK_NAMES) {
      const path = join(hooksDir, hook);
      const chainPath = `${path}${CHAINED_SUFFIX}`;
      const current = await readText(path);
      const ours = current !== undefined && parseHookScript(current) !== undefined;
      if (ours) {
        await fs.rm(path, { force: true });
        removed.push(path);
      }
      for (const other of [`${path}.old`, `${path}.legacy`]) {
        const text = await readText(other);
        if (text !== undefined && parseHookScript(text)) {
          await fs.rm(other, { force: true });
          removed.push(other);
          // pre-commit runs `.legacy` first: the hook we had chained takes our place there.
          if (other.endsWith('.legacy') && (await exists(chainPath))) {
            await fs.rename(chainPath, other);
            restored.push(other);
          }
        }
      }
      if (await exists(chainPath)) {
        if (await exists(path)) messages.push(`${path} was replaced by another tool after install; the hook that was there before is kept as ${chainPath}`);
        else {
          await fs.rename(chainPath, path);
          restored.push(path);
        }
      }
    }
  }
  for (const hook of HOOK_NAMES) {
    const r = await runGit(['config', '--local', '--remove-section', `hook.ai-provenance-${hook}`], git);
    if (r.code === 0) removed.push(`hook.ai-provenance-${hook} (git config)`);
  }
  await fs.rm(scriptsDirOf(repo), { recursive: true, force: true });
  return { ok: true, restored, removed, messages };
}
