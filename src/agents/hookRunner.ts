import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Logger } from '../core/log';
import { makeOrigin } from '../core/origin';
import { runGit } from '../git/exec';
import type { RepoInfo } from '../git/repo';
import { discoverRepoFromDisk, stateDirOf } from '../git/repo';
import { LedgerStore } from '../state/ledgerStore';
import type { Span } from '../state/markSpans';
import { markSpans } from '../state/markSpans';
import { ledgerDirOf, toRepoPath } from '../state/repoFiles';
import { appendHookLog } from './hookLog';
import { locateWrite } from './locate';
import { parseHookPayload } from './parse';
import type { FileWrite, HookEvent } from './payload';
import { isAgentId, LIMITS } from './payload';
import { aipHome } from './paths';

export interface HookRunOptions {
  /** The hook process's working directory (agents run hooks in the project). */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface HookFileResult {
  readonly path: string;
  readonly relPath?: string;
  readonly spans: Span[];
  /** Why nothing (or not everything) was recorded. */
  readonly problems: string[];
}

export interface HookReport {
  readonly outcome: 'recorded' | 'ignored' | 'invalid' | 'no-repo' | 'failed';
  readonly reason?: string;
  readonly files: HookFileResult[];
  readonly logFile: string;
}

/** Files above this size are not tracked (as in the editor's default). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * `ai-provenance mark --from-hook <agent>`: records the exact text an agent wrote, as reported by
 * its hook payload, in the ledger of the repository it wrote in. Never throws and never prints:
 * problems go to `<state dir>/hook.log` (or `~/.ai-provenance/hook.log` outside a repository).
 */
export async function runAgentHook(agentArg: string, raw: string, opts: HookRunOptions): Promise<HookReport> {
  const userLog = join(aipHome(opts.env), 'hook.log');
  try {
    return await run(agentArg, raw, opts, userLog);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await appendHookLog(userLog, 'error', `${safe(agentArg)}: hook failed: ${reason}`);
    return { outcome: 'failed', reason, files: [], logFile: userLog };
  }
}

async function run(agentArg: string, raw: string, opts: HookRunOptions, userLog: string): Promise<HookReport> {
  const agent = agentArg.trim().toLowerCase();
  if (!isAgentId(agent)) {
    await appendHookLog(userLog, 'warn', `unknown agent '${safe(agentArg)}'; payload ignored`);
    return { outcome: 'invalid', reason: 'unknown agent', files: [], logFile: userLog };
  }
  const parsed = parseHookPayload(agent, raw);
  const repo = (await discoverRepoFromDisk(opts.cwd)) ?? (parsed.kind === 'event' && parsed.event.cwd ? await discoverRepoFromDisk(parsed.event.cwd) : undefined);
  const logFile = repo ? join(stateDirOf(repo), 'hook.log') : userLog;
  if (parsed.kind === 'invalid') {
    await appendHookLog(logFile, 'warn', `${agent}: malformed payload ignored: ${parsed.reason} (${raw.length} bytes)`);
    return { outcome: 'invalid', reason: parsed.reason, files: [], logFile };
  }
  if (parsed.kind === 'ignored') {
    if (opts.env.AIP_HOOK_DEBUG) await appendHookLog(logFile, 'info', `${agent}: ignored (${parsed.reason})`);
    return { outcome: 'ignored', reason: parsed.reason, files: [], logFile };
  }
  const event = parsed.event;
  if (!repo) {
    await appendHookLog(logFile, 'warn', `${agent} ${event.agentTool}: not inside a git repository (cwd ${safe(opts.cwd)}); nothing recorded`);
    return { outcome: 'no-repo', files: [], logFile };
  }
  const messages: [level: 'info' | 'warn' | 'error', text: string][] = [];
  const logger = collectingLogger(messages);
  const store = new LedgerStore(ledgerDirOf(repo), logger, 'hook');
  const model = event.model ?? (event.transcriptPath ? await modelFromTranscript(event.transcriptPath) : undefined);
  const origin = makeOrigin({ tool: event.tool, mode: event.mode, model, sessionId: event.sessionId, source: event.source, confidence: 'high' });
  const files: HookFileResult[] = [];
  for (const write of event.writes) {
    const result = await recordWrite(repo, event, write, opts, store, origin);
    files.push(result);
    const what = `${agent} ${event.agentTool} ${safe(result.relPath ?? write.path)}`;
    if (result.spans.length) {
      const chars = result.spans.reduce((n, s) => n + s.end - s.start, 0);
      messages.push(['info', `${what}: marked ${chars} characters in ${result.spans.length} span(s) as ${origin.tool}/${origin.mode}${origin.model ? `/${origin.model}` : ''}`]);
    }
    for (const p of result.problems) messages.push(['warn', `${what}: ${p}`]);
  }
  for (const [level, text] of messages) await appendHookLog(logFile, level, text);
  return { outcome: 'recorded', files, logFile };
}

async function recordWrite(
  repo: RepoInfo,
  event: HookEvent,
  write: FileWrite,
  opts: HookRunOptions,
  store: LedgerStore,
  origin: ReturnType<typeof makeOrigin>,
): Promise<HookFileResult> {
  const placed = await resolveInRepo(repo, event.cwd ?? opts.cwd, write.path);
  if ('problem' in placed) return { path: write.path, spans: [], problems: [placed.problem] };
  let text: string;
  try {
    const bytes = await fs.readFile(placed.abs);
    if (bytes.includes(0)) return { path: write.path, relPath: placed.rel, spans: [], problems: ['binary file; not tracked'] };
    text = bytes.toString('utf8');
  } catch (err) {
    return { path: write.path, relPath: placed.rel, spans: [], problems: [`cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`] };
  }
  let baseline: string | undefined;
  if (write.spec.kind === 'content' && write.spec.original === undefined) baseline = await indexVersion(placed.root, placed.rel);
  const located = locateWrite(text, write.spec, baseline);
  const problems = [...located.problems];
  if (located.spans.length === 0) {
    if (problems.length === 0) problems.push(`nothing written that is still in the file (${located.method})`);
    return { path: write.path, relPath: placed.rel, spans: [], problems };
  }
  const marked = await markSpans(store, placed.rel, text, located.spans, origin);
  return { path: write.path, relPath: placed.rel, spans: marked.spans, problems };
}

type Placement = { abs: string; rel: string; root: string } | { problem: string };

/**
 * The file an agent named, if it is a regular file inside the repository: relative paths resolve
 * against the agent's cwd; `..` that leaves the repository, symlinks that point out of it, and
 * anything under `.git` are refused.
 */
export async function resolveInRepo(repo: RepoInfo, base: string, path: string): Promise<Placement> {
  const abs = isAbsolute(path) ? resolve(path) : resolve(base, path);
  const rootReal = await fs.realpath(repo.root).catch(() => repo.root);
  if (!inside(repo.root, abs) && !inside(rootReal, abs)) return { problem: 'path is outside the repository; refused' };
  let real: string;
  try {
    real = await fs.realpath(abs);
  } catch (err) {
    return { problem: `cannot resolve: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  if (!inside(rootReal, real)) return { problem: 'path resolves outside the repository (symlink); refused' };
  const rel = toRepoPath(rootReal, real);
  if (rel === '.git' || rel.startsWith('.git/')) return { problem: 'path is inside .git; refused' };
  const stat = await fs.stat(real);
  if (!stat.isFile()) return { problem: 'not a regular file' };
  if (stat.size > MAX_FILE_BYTES) return { problem: `larger than ${MAX_FILE_BYTES} bytes; not tracked` };
  return { abs: real, rel, root: rootReal };
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** The file as staged in git's index: the version before an agent's whole-file write when nothing else says. */
async function indexVersion(root: string, rel: string): Promise<string | undefined> {
  try {
    const r = await runGit(['show', `:${rel}`], { cwd: root, timeoutMs: 5000, maxBuffer: MAX_FILE_BYTES * 2 });
    return r.code === 0 ? r.stdout : undefined;
  } catch {
    return undefined;
  }
}

const TRANSCRIPT_TAIL = 256 * 1024;

/**
 * Claude Code's payload does not name the model; its session transcript (JSONL) does, on every
 * assistant message. Reads only the last 256 KiB of a `.jsonl` regular file and takes the last
 * `"model"` value that looks like a model id.
 */
export async function modelFromTranscript(path: string): Promise<string | undefined> {
  if (!isAbsolute(path) || !path.endsWith('.jsonl') || path.length > LIMITS.path) return undefined;
  let handle: fs.FileHandle | undefined;
  try {
    const stat = await fs.lstat(path);
    if (!stat.isFile()) return undefined;
    handle = await fs.open(path, 'r');
    const length = Math.min(stat.size, TRANSCRIPT_TAIL);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, stat.size - length);
    let found: string | undefined;
    for (const m of buf.toString('utf8').matchAll(/"model"\s*:\s*"([A-Za-z0-9][A-Za-z0-9._:/@-]{0,127})"/g)) found = m[1];
    return found;
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function collectingLogger(out: [level: 'info' | 'warn' | 'error', text: string][]): Logger {
  const at = (level: 'info' | 'warn' | 'error') => (message: string | Error) => void out.push([level, message instanceof Error ? message.message : message]);
  return { trace: () => undefined, debug: () => undefined, info: at('info'), warn: at('warn'), error: at('error') };
}

function safe(s: string): string {
  return JSON.stringify(s.slice(0, 300)).slice(1, -1);
}
