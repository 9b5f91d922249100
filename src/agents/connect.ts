import { constants, promises as fs } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import type { AgentSpec, Scope } from './config';
import { AGENT_SPECS, hookCommand, isOurEntry, specOf } from './config';
import type { Insertion } from './jsonEdit';
import { appendToArray, JsonEditError, parseJsonc, removeArrayElements, removeIfEmpty, removeInsertions, valueAt } from './jsonEdit';
import { hookRuntimePaths, LAUNCHER_NAME, refreshHookRuntime, writeLauncher } from './launcher';
import type { AgentId } from './payload';
import { aipHome } from './paths';
import { alignTexts } from './textDiff';

export interface ScopeTarget {
  readonly scope: Scope;
  /** Repository root (repo scope); for user scope, where relative paths in reports start. */
  readonly root: string;
  /** Where this scope's own state lives: `<git common dir>/ai-provenance` or the user's aip home. */
  readonly stateDir: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface ConnectOptions extends ScopeTarget {
  readonly dryRun: boolean;
  /** The CLI bundle to copy for hooks (the running `dist/cli.js`) and the runtime to run it. */
  readonly cliSource?: string;
  readonly runtime: string;
}

export interface FileChange {
  readonly agent: AgentId;
  readonly file: string;
  readonly action: 'created' | 'updated' | 'unchanged' | 'deleted' | 'removed' | 'absent' | 'failed';
  readonly before?: string;
  readonly after?: string;
  readonly note?: string;
}

interface ManifestFile {
  agent: AgentId;
  createdFile: boolean;
  createdDirs: string[];
  /** Exactly what was added to an existing file, to take it out byte for byte. */
  insertions: Insertion[];
}

interface Manifest {
  format: 'ai-provenance-agent-hooks';
  version: 1;
  files: Record<string, ManifestFile>;
}

export function launcherPath(target: ScopeTarget): string {
  return target.scope === 'repo' ? join(target.stateDir, 'bin', LAUNCHER_NAME) : hookRuntimePaths(target.env).userLauncher;
}

/**
 * Adds our hook to each agent's configuration (idempotent), installs the launcher the hooks run and
 * refreshes the CLI copy it runs. Every other byte of an existing config file is kept.
 */
export async function connectAgents(agents: readonly AgentId[], opts: ConnectOptions): Promise<FileChange[]> {
  const manifest = await readManifest(opts.stateDir);
  const rt = hookRuntimePaths(opts.env);
  const changes: FileChange[] = [];
  for (const agent of agents) {
    const spec = specOf(agent);
    const command = hookCommand(opts.scope, agent, rt.userLauncher);
    try {
      changes.push(await connectOne(spec, command, opts, manifest));
    } catch (err) {
      changes.push({ agent, file: spec.file(opts.scope, opts.root, opts.env), action: 'failed', note: err instanceof Error ? err.message : String(err) });
    }
  }
  if (!opts.dryRun && changes.some((c) => c.action !== 'failed')) {
    if (opts.cliSource) await refreshHookRuntime(opts.env, opts.cliSource, opts.runtime);
    await writeLauncher(launcherPath(opts), rt, opts.runtime);
    await writeManifest(opts.stateDir, manifest);
  }
  return changes;
}

async function connectOne(spec: AgentSpec, command: string, opts: ConnectOptions, manifest: Manifest): Promise<FileChange> {
  const file = spec.file(opts.scope, opts.root, opts.env);
  const before = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (before === undefined) {
    const hooks: Record<string, unknown[]> = {};
    for (const ev of spec.events) hooks[ev] = [spec.entry(command, ev)];
    const after = `${JSON.stringify({ ...spec.skeleton, hooks }, null, 2)}\n`;
    if (!opts.dryRun) {
      const createdDirs = await missingDirs(dirname(file));
      await fs.mkdir(dirname(file), { recursive: true });
      await fs.writeFile(file, after, 'utf8');
      manifest.files[file] = { agent: spec.id, createdFile: true, createdDirs, insertions: [] };
    }
    return { agent: spec.id, file, action: 'created', after };
  }
  parseJsonc(before, file);
  let text = before;
  const insertions: Insertion[] = [];
  let replacedOld = false;
  for (const ev of spec.events) {
    const current = valueAt(text, ['hooks', ev]);
    const ours = Array.isArray(current) ? current.filter((e) => isOurEntry(spec, e)) : [];
    const wanted = spec.entry(command, ev);
    if (ours.length === 1 && JSON.stringify(ours[0]) === JSON.stringify(wanted)) continue;
    if (ours.length > 0) {
      // An older or duplicated entry of ours: replace it.
      text = removeArrayElements(text, ['hooks', ev], (e) => isOurEntry(spec, e), file).text;
      replacedOld = true;
    }
    const r = appendToArray(text, ['hooks', ev], wanted, file);
    text = r.text;
    insertions.push(r.insertion);
  }
  if (text === before) return { agent: spec.id, file, action: 'unchanged' };
  if (!opts.dryRun) {
    const mode = (await fs.stat(file)).mode & 0o777;
    await writeKeepingMode(file, text, mode);
    const record = manifest.files[file];
    if (record && !replacedOld) record.insertions.push(...insertions);
    else if (record) record.insertions = [];
    else manifest.files[file] = { agent: spec.id, createdFile: false, createdDirs: [], insertions: replacedOld ? [] : insertions };
  }
  return { agent: spec.id, file, action: 'updated', before, after: text };
}

/**
 * Removes exactly what `connectAgents` added: our entries (byte for byte when the file was not
 * edited since), containers and files it created, and the launcher once no agent uses it.
 */
export async function disconnectAgents(agents: readonly AgentId[], opts: ScopeTarget & { dryRun: boolean }): Promise<FileChange[]> {
  const manifest = await readManifest(opts.stateDir);
  const changes: FileChange[] = [];
  for (const agent of agents) {
    const spec = specOf(agent);
    try {
      changes.push(await disconnectOne(spec, opts, manifest));
    } catch (err) {
      changes.push({ agent, file: spec.file(opts.scope, opts.root, opts.env), action: 'failed', note: err instanceof Error ? err.message : String(err) });
    }
  }
  if (!opts.dryRun) {
    const stillConnected = await connectedAgents(opts);
    if (stillConnected.length === 0) {
      await fs.rm(launcherPath(opts), { force: true });
      await fs.rmdir(dirname(launcherPath(opts))).catch(() => undefined);
    }
    await writeManifest(opts.stateDir, manifest);
  }
  return changes;
}

async function disconnectOne(spec: AgentSpec, opts: ScopeTarget & { dryRun: boolean }, manifest: Manifest): Promise<FileChange> {
  const file = spec.file(opts.scope, opts.root, opts.env);
  const record = manifest.files[file];
  const before = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (before === undefined) {
    if (!opts.dryRun) delete manifest.files[file];
    return { agent: spec.id, file, action: 'absent' };
  }
  let after: string | undefined;
  if (record?.createdFile) {
    after = stripOurs(spec, before, file);
    if (isOnlySkeleton(spec, valueAtRoot(after))) after = undefined; // nothing but what we wrote: delete the file
  } else {
    const exact = record && record.insertions.length ? removeInsertions(before, record.insertions) : undefined;
    after = exact !== undefined && !hasOurs(spec, exact) ? exact : stripOurs(spec, before, file);
  }
  if (after === before) {
    if (!opts.dryRun) delete manifest.files[file];
    return { agent: spec.id, file, action: 'unchanged' };
  }
  if (!opts.dryRun) {
    if (after === undefined) {
      await fs.rm(file, { force: true });
      for (const dir of record?.createdDirs ?? []) await fs.rmdir(dir).catch(() => undefined);
    } else {
      await writeKeepingMode(file, after, (await fs.stat(file)).mode & 0o777);
    }
    delete manifest.files[file];
  }
  return after === undefined ? { agent: spec.id, file, action: 'deleted', before } : { agent: spec.id, file, action: 'removed', before, after };
}

/** Structural removal: our entries, then the containers they leave empty. */
function stripOurs(spec: AgentSpec, text: string, file: string): string {
  let out = text;
  for (const ev of spec.events) {
    const r = removeArrayElements(out, ['hooks', ev], (e) => isOurEntry(spec, e), file);
    if (r.removed > 0) out = removeIfEmpty(r.text, ['hooks', ev], file);
  }
  if (out !== text) out = removeIfEmpty(out, ['hooks'], file);
  return out;
}

function valueAtRoot(text: string): unknown {
  return valueAt(text, []);
}

function isOnlySkeleton(spec: AgentSpec, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const rest = { ...(value as Record<string, unknown>) };
  if (JSON.stringify(rest.hooks ?? {}) === '{}') delete rest.hooks;
  return JSON.stringify(rest) === JSON.stringify(spec.skeleton);
}

function hasOurs(spec: AgentSpec, text: string): boolean {
  return spec.events.some((ev) => {
    const v = valueAt(text, ['hooks', ev]);
    return Array.isArray(v) && v.some((e) => isOurEntry(spec, e));
  });
}

export interface AgentStatus {
  readonly agent: AgentId;
  readonly label: string;
  /** Why we think it is used here: config dirs present, executables on PATH. */
  readonly detected: string[];
  readonly repoConnected: boolean;
  readonly userConnected: boolean;
  readonly repoFile?: string;
  readonly userFile: string;
}

/** Which agents are present on this machine / in this repository, and whether our hook is in their config. */
export async function agentStatus(env: NodeJS.ProcessEnv, repoRoot: string | undefined): Promise<AgentStatus[]> {
  const out: AgentStatus[] = [];
  for (const spec of AGENT_SPECS) {
    const detected: string[] = [];
    for (const dir of spec.detectDirs('user', '', env)) if (await isDir(dir)) detected.push(dir);
    if (repoRoot) for (const dir of spec.detectDirs('repo', repoRoot, env)) if (await isDir(dir)) detected.push(relative(repoRoot, dir) || dir);
    for (const bin of spec.binaries) {
      const found = await onPath(bin, env);
      if (found) detected.push(found);
    }
    const userFile = spec.file('user', '', env);
    const repoFile = repoRoot ? spec.file('repo', repoRoot, env) : undefined;
    out.push({
      agent: spec.id,
      label: spec.label,
      detected,
      repoConnected: repoFile ? await fileHasOurs(spec, repoFile) : false,
      userConnected: await fileHasOurs(spec, userFile),
      ...(repoFile ? { repoFile } : {}),
      userFile,
    });
  }
  return out;
}

async function connectedAgents(target: ScopeTarget): Promise<AgentId[]> {
  const out: AgentId[] = [];
  for (const spec of AGENT_SPECS) if (await fileHasOurs(spec, spec.file(target.scope, target.root, target.env))) out.push(spec.id);
  return out;
}

async function fileHasOurs(spec: AgentSpec, file: string): Promise<boolean> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  try {
    parseJsonc(text, file);
  } catch (err) {
    if (err instanceof JsonEditError) return false;
    throw err;
  }
  return hasOurs(spec, text);
}

async function isDir(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isDirectory(), () => false);
}

/** The executable's path when it is on PATH; no process is started. */
export async function onPath(bin: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const p = join(dir, bin);
    try {
      await fs.access(p, constants.X_OK);
      if ((await fs.stat(p)).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function missingDirs(dir: string): Promise<string[]> {
  const out: string[] = [];
  let d = dir;
  while (!(await fs.stat(d).then(() => true, () => false))) {
    out.push(d);
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return out; // deepest first: the order to remove them in
}

async function writeKeepingMode(file: string, text: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    await fs.writeFile(tmp, text, { encoding: 'utf8', mode });
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

const MANIFEST = 'agent-hooks.json';

async function readManifest(stateDir: string): Promise<Manifest> {
  try {
    const m = JSON.parse(await fs.readFile(join(stateDir, MANIFEST), 'utf8')) as Manifest;
    if (m.format === 'ai-provenance-agent-hooks' && m.version === 1 && typeof m.files === 'object' && m.files) return m;
  } catch {
    // missing or unreadable: removal falls back to finding our entries by their command
  }
  return { format: 'ai-provenance-agent-hooks', version: 1, files: {} };
}

async function writeManifest(stateDir: string, manifest: Manifest): Promise<void> {
  const file = join(stateDir, MANIFEST);
  if (Object.keys(manifest.files).length === 0) {
    await fs.rm(file, { force: true });
    return;
  }
  await fs.mkdir(stateDir, { recursive: true });
  await writeKeepingMode(file, `${JSON.stringify(manifest, null, 1)}\n`, 0o644);
}

/** A short diff-like view of a config change: changed lines as they were ("-") and are ("+"). */
export function describeChange(before = '', after = ''): string[] {
  const eqs = alignTexts(before, after);
  const touchedA = new Set<number>();
  const touchedB = new Set<number>();
  const lineOf = (text: string, at: number): number => {
    let n = 0;
    for (let i = 0; i < at && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
    return n;
  };
  const mark = (text: string, set: Set<number>, start: number, end: number): void => {
    if (end > start) for (let l = lineOf(text, start); l <= lineOf(text, end - 1); l++) set.add(l);
    else if (start > 0 && text[start - 1] !== '\n') set.add(lineOf(text, start - 1)); // a change inside this line
  };
  let a = 0;
  let b = 0;
  for (const e of [...eqs, { a: before.length, b: after.length, len: 0 }]) {
    if (e.a > a || e.b > b) {
      mark(before, touchedA, a, e.a);
      mark(after, touchedB, b, e.b);
      if (e.a === a) mark(before, touchedA, a, a);
      if (e.b === b) mark(after, touchedB, b, b);
    }
    a = e.a + e.len;
    b = e.b + e.len;
  }
  const show = (text: string, set: Set<number>, sign: string): string[] =>
    text === '' ? [] : text.split('\n').flatMap((line, i) => (set.has(i) ? [`${sign} ${line.replace(/\r$/, '')}`] : []));
  return [...show(before, touchedA, '-'), ...show(after, touchedB, '+')];
}

/** The user-level state directory (`--user` scope). */
export function userStateDir(env: NodeJS.ProcessEnv): string {
  return aipHome(env);
}
