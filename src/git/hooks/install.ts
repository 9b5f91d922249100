import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { runGit } from '../exec';
import type { RepoInfo } from '../repo';
import { discoverRepo, stateDirOf } from '../repo';
import type { HooksLayout, LayoutOptions } from './layout';
import { decideInstall, exists, gitOptionsOf, managerAdvice, readLayout, readText } from './layout';
import type { ChainMode } from './script';
import { CHAINED_SUFFIX, HOOK_NAMES, isUsablePath, parseHookScript, renderHookScript, shQuote } from './script';

/**
 * Installing and removing our git hooks in one repository (docs/hooks.md): reads and writes
 * files with care to restore exactly what was there. Where to install is layout.ts's decision;
 * checking an installation is status.ts's.
 */

export interface Runtime {
  /** Absolute path of the runtime that runs the CLI (process.execPath). */
  readonly node: string;
  /** Absolute path of dist/cli.js. */
  readonly cli: string;
}

export interface Manifest {
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

  const git = gitOptionsOf(repo, options);
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

export async function readManifest(repo: RepoInfo): Promise<Manifest | undefined> {
  try {
    const m = JSON.parse(await fs.readFile(join(scriptsDirOf(repo), MANIFEST), 'utf8')) as Manifest;
    return m.format === 'ai-provenance-hooks' ? m : undefined;
  } catch {
    return undefined;
  }
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
  const git = gitOptionsOf(repo, options);
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
