import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { GitOptions } from '../exec';
import { runGit } from '../exec';
import type { RepoInfo } from '../repo';
import type { ChainMode, HookName } from './script';
import { HOOK_NAMES, parseHookScript } from './script';

/**
 * What one repository's hooks look like (readLayout), where ours go (decideInstall, a pure
 * function of what was found), and what to tell users of a hook manager (docs/hooks.md).
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

export async function gitText(args: string[], options: GitOptions): Promise<string | undefined> {
  const r = await runGit(args, options);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

export async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

export async function readText(p: string): Promise<string | undefined> {
  return fs.readFile(p, 'utf8').catch(() => undefined);
}

export interface LayoutOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly gitPath?: string;
}

/** How to run git in `repo` with the caller's environment and git binary. */
export function gitOptionsOf(repo: RepoInfo, options: LayoutOptions): GitOptions {
  return { cwd: repo.root, ...(options.env ? { env: options.env } : {}), ...(options.gitPath ? { gitPath: options.gitPath } : {}) };
}

/** What git and the repository say about hooks. */
export async function readLayout(repo: RepoInfo, options: LayoutOptions = {}): Promise<HooksLayout> {
  const git = gitOptionsOf(repo, options);
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

/** The hooks provenance needs; the others (post-rewrite) are optional. */
export const REQUIRED: readonly HookName[] = ['prepare-commit-msg', 'commit-msg', 'post-commit'];

/** The tracked one-liner a manager's hook file can carry: harmless where we are not installed. */
export function managerLine(hook: HookName, args = '"$@"'): string {
  return `h="$(git rev-parse --git-common-dir)/ai-provenance/hooks/${hook}"; [ ! -x "$h" ] || "$h" ${args}`;
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
