import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeAtomic } from '../state/ledgerStore';
import { aipHome } from './paths';

/** File name of the launcher every agent hook command runs. Also how our hook entries are recognised. */
export const LAUNCHER_NAME = 'ai-provenance-hook';

export interface HookRuntime {
  /** `<aip home>/lib`: the CLI copy and the recorded runtime. */
  readonly libDir: string;
  readonly cliPath: string;
  readonly runtimeFile: string;
  /** The user-level launcher (`--user` hooks run it). */
  readonly userLauncher: string;
}

export function hookRuntimePaths(env: NodeJS.ProcessEnv): HookRuntime {
  const home = aipHome(env);
  const libDir = join(home, 'lib');
  return { libDir, cliPath: join(libDir, 'cli.js'), runtimeFile: join(libDir, 'runtime'), userLauncher: join(home, 'bin', LAUNCHER_NAME) };
}

/** A string as one single-quoted sh word. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The launcher: a POSIX sh script that runs `<runtime> <aip home>/lib/cli.js mark --from-hook
 * <agent>`. Both paths are absolute, so it works where `ai-provenance` is not on PATH (agents run
 * hooks with their own environment). The runtime is read from `lib/runtime` first, which the
 * extension rewrites when it starts (VS Code's runtime moves when VS Code updates), then the path
 * recorded here, then `node` on PATH. `ELECTRON_RUN_AS_NODE` lets the runtime be VS Code's own
 * Electron binary; plain node ignores it. Missing runtime or CLI: exit 0 and do nothing, because a
 * hook must never fail the agent.
 */
export function launcherScript(rt: HookRuntime, runtime: string): string {
  return [
    '#!/bin/sh',
    '# AI Provenance: runs an agent hook (`ai-provenance mark --from-hook <agent>`, payload on stdin).',
    '# Written by `ai-provenance agents connect`; `ai-provenance agents disconnect` removes it.',
    '# The files it points to are refreshed whenever the extension starts, so it survives updates.',
    `lib=${shQuote(rt.libDir)}`,
    `runtime=${shQuote(runtime)}`,
    'if [ -r "$lib/runtime" ]; then IFS= read -r recorded < "$lib/runtime"; [ -n "$recorded" ] && runtime=$recorded; fi',
    'if [ ! -x "$runtime" ]; then runtime=$(command -v node 2>/dev/null) || runtime=; fi',
    // hook.js is the slim bundle (only `mark --from-hook`); cli.js does the same, slower.
    'entry="$lib/hook.js"; [ -f "$entry" ] || entry="$lib/cli.js"',
    'if [ -n "$runtime" ] && [ -f "$entry" ]; then',
    '  ELECTRON_RUN_AS_NODE=1',
    '  export ELECTRON_RUN_AS_NODE',
    '  exec "$runtime" "$entry" mark --from-hook "$@"',
    'fi',
    'exit 0',
    '',
  ].join('\n');
}

/**
 * Copies the CLI bundle to `<aip home>/lib/cli.js` and records the runtime, so that every hook
 * launcher keeps working after the extension (whose directory is versioned) updates or moves. The
 * extension calls this on each activation with its own `dist/cli.js` and `process.execPath`;
 * `agents connect` calls it with the running CLI. Writes are atomic (temp file, then rename), and
 * skipped when nothing changed. Returns whether anything was written.
 */
export async function refreshHookRuntime(env: NodeJS.ProcessEnv, cliSource: string, runtime: string): Promise<boolean> {
  const rt = hookRuntimePaths(env);
  await fs.mkdir(rt.libDir, { recursive: true });
  const cli = await fs.readFile(cliSource);
  let changed = false;
  const current = await fs.readFile(rt.cliPath).catch(() => undefined);
  if (!current || !current.equals(cli)) {
    await writeAtomic(rt.cliPath, cli, 0o644);
    changed = true;
  }
  // The slim hook bundle ships next to the CLI; copy it too (older builds have none).
  const hook = await fs.readFile(join(dirname(cliSource), 'hook.js')).catch(() => undefined);
  const hookPath = join(rt.libDir, 'hook.js');
  if (hook && !(await fs.readFile(hookPath).catch(() => undefined))?.equals(hook)) {
    await writeAtomic(hookPath, hook, 0o644);
    changed = true;
  }
  const runtimeLine = `${runtime}\n`;
  if ((await fs.readFile(rt.runtimeFile, 'utf8').catch(() => '')) !== runtimeLine) {
    await writeAtomic(rt.runtimeFile, runtimeLine, 0o644);
    changed = true;
  }
  if (await fs.stat(rt.userLauncher).then(() => true, () => false)) {
    changed = (await writeLauncher(rt.userLauncher, rt, runtime)) || changed;
  }
  return changed;
}

/** Writes a launcher (mode 0755) unless it already has this content. Returns whether it wrote. */
export async function writeLauncher(path: string, rt: HookRuntime, runtime: string): Promise<boolean> {
  const text = launcherScript(rt, runtime);
  if ((await fs.readFile(path, 'utf8').catch(() => '')) === text) return false;
  await fs.mkdir(dirname(path), { recursive: true });
  await writeAtomic(path, text, 0o755);
  return true;
}
