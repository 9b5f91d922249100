// One directory per integration run (.test-run/<timestamp>-<pid>): the editor's user data, the
// browser profile, HOME/XDG dirs, the temp git workspace, logs and the result file all live in it,
// so a run never reads the developer's own configuration and is easy to inspect afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Repository root: the nearest package.json above this file (compiled to out/ or not). */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export interface RunDir {
  readonly dir: string;
  readonly home: string;
  readonly user: string;
  readonly extensions: string;
  readonly browserProfile: string;
  readonly workspace: string;
  readonly screenshotRequests: string;
  readonly logs: string;
  readonly result: string;
  readonly xdg: Readonly<Record<'XDG_CONFIG_HOME' | 'XDG_DATA_HOME' | 'XDG_CACHE_HOME' | 'XDG_STATE_HOME' | 'XDG_RUNTIME_DIR', string>>;
}

const KEEP_RUNS = 5;
const KEEP_YOUNGER_THAN_MS = 60 * 60 * 1000;

export function createRunDir(): RunDir {
  const root = join(repoRoot, '.test-run');
  pruneOldRuns(root);
  const dir = join(root, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  const xdgRoot = join(dir, 'xdg');
  const run: RunDir = {
    dir,
    home: join(dir, 'home'),
    user: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    browserProfile: join(dir, 'chromium-profile'),
    workspace: join(dir, 'workspace'),
    screenshotRequests: join(dir, 'screenshot-requests'),
    logs: join(dir, 'logs'),
    result: join(dir, 'result.json'),
    xdg: {
      XDG_CONFIG_HOME: join(xdgRoot, 'config'),
      XDG_DATA_HOME: join(xdgRoot, 'data'),
      XDG_CACHE_HOME: join(xdgRoot, 'cache'),
      XDG_STATE_HOME: join(xdgRoot, 'state'),
      XDG_RUNTIME_DIR: join(xdgRoot, 'runtime'),
    },
  };
  for (const d of [run.home, run.user, run.extensions, run.browserProfile, run.workspace, run.screenshotRequests, run.logs, ...Object.values(run.xdg)]) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
  }
  return run;
}

/** Keeps the newest runs and anything recent (a concurrent run may still be using its dir). */
function pruneOldRuns(root: string): void {
  let names: string[];
  try {
    names = readdirSync(root).sort().reverse();
  } catch {
    return; // first run: nothing to prune
  }
  for (const name of names.slice(KEEP_RUNS)) {
    const p = join(root, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > KEEP_YOUNGER_THAN_MS) rmSync(p, { recursive: true, force: true });
    } catch (err) {
      console.warn(`[harness] could not prune ${p}: ${String(err)}`);
    }
  }
}

/**
 * Environment for every process the run starts: the developer's HOME, git config and any
 * VS Code / git variables of the calling shell are left out. GIT_DIR and friends matter most:
 * run from a git hook they would point `git init` below at the project's own repository.
 */
export function isolatedEnv(run: RunDir, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(GIT_|VSCODE_|ELECTRON_|CODE_SERVER_)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...run.xdg, HOME: run.home, GIT_CONFIG_NOSYSTEM: '1', AIP_RUN_DIR: run.dir, ...extra };
}

export const INITIAL_COMMIT_SUBJECT = 'aip-test: initial commit';

/** A real git repository with one commit, opened as the test workspace. */
export function createWorkspace(run: RunDir): string {
  const env = isolatedEnv(run);
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: run.workspace, env, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'AIP Test');
  git('config', 'user.email', 'aip-test@example.invalid');
  git('config', 'commit.gpgsign', 'false');
  writeFileSync(join(run.workspace, 'README.md'), '# Test workspace\n\nCreated by the AI Provenance integration harness.\n');
  mkdirSync(join(run.workspace, 'src'));
  writeFileSync(join(run.workspace, 'src', 'app.ts'), 'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
  git('add', '--all');
  git('commit', '--quiet', '--message', INITIAL_COMMIT_SUBJECT);
  return run.workspace;
}

/** Settings that keep the workbench quiet and deterministic; none of them touches the extension. */
export function writeUserSettings(run: RunDir): void {
  const dir = join(run.user, 'User');
  mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'git.autofetch': false,
    'git.openRepositoryInParentFolders': 'never',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
  };
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}
