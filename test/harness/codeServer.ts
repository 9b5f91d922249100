// Starting code-server and the headless Chromium that shows its workbench, for the integration
// harness (runCodeServer.ts) and the end-to-end run (test/e2e/workbench.ts). Both put every
// process they start in `live`, so processes.ts can end the whole run together.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserType, type Page } from 'playwright-core';
import type { ToolPaths } from './paths';
import { findRunProcesses } from './processes';
import { isolatedEnv, type RunDir } from './runDir';

const HEALTHZ_TIMEOUT_MS = 30_000;
export const POLL_MS = 200;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Everything the end of a run must stop; filled in as the run starts things. */
export interface Live {
  server?: ChildProcess;
  context?: BrowserContext;
  /** Process groups of the run: code-server's, Chromium's. */
  readonly pgids: Set<number>;
}

function ownPgid(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => (port ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

function healthz(port: number): Promise<boolean> {
  return new Promise((resolveOk) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2_000 }, (res) => {
      res.resume();
      resolveOk(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolveOk(false));
  });
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** code-server's command line: its entry point and the run's directories (also for `--install-extension`). */
export function codeServerArgs(tools: ToolPaths, run: RunDir): string[] {
  return [join(tools.codeServer, 'out', 'node', 'entry.js'), '--user-data-dir', run.user, '--extensions-dir', run.extensions];
}

export interface CodeServerOptions {
  readonly env: Record<string, string>;
  /** Pass --disable-workspace-trust (no Restricted Mode). */
  readonly disableWorkspaceTrust: boolean;
  /** Flags after the common ones. */
  readonly extraArgs?: readonly string[];
  /** Where to report a failure to start (the caller's log prefix). */
  readonly log: (message: string) => void;
}

/**
 * Starts code-server on a free port in its own process group (so the extension host, pty host
 * and git stop with it) and waits until it answers /healthz.
 */
export async function launchCodeServer(tools: ToolPaths, run: RunDir, live: Live, options: CodeServerOptions): Promise<{ port: number; logFile: string }> {
  const port = await freePort();
  const logFile = join(run.logs, 'code-server.log');
  const args = [
    ...codeServerArgs(tools, run),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.extraArgs ?? []),
  ];
  const fd = openSync(logFile, 'a');
  let server: ChildProcess;
  try {
    // detached: its own process group, so the whole tree (extension host, pty host, git) stops together.
    server = live.server = spawn(tools.node24, args, { cwd: run.dir, detached: true, stdio: ['ignore', fd, fd], env: options.env });
  } finally {
    closeSync(fd);
  }
  if (server.pid !== undefined) live.pgids.add(server.pid);
  server.on('error', (err) => options.log(`code-server failed to start: ${err.message}`));
  const deadline = Date.now() + HEALTHZ_TIMEOUT_MS;
  while (!(await healthz(port))) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`code-server exited (${server.exitCode ?? server.signalCode}) before answering /healthz:\n${tail(logFile)}`);
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within ${HEALTHZ_TIMEOUT_MS / 1000} s:\n${tail(logFile)}`);
    await sleep(POLL_MS);
  }
  return { port, logFile };
}

type ContextOptions = NonNullable<Parameters<BrowserType['launchPersistentContext']>[1]>;

/** What differs between the runs' browsers: window size, rendering, permissions. */
export type BrowserOptions = Pick<ContextOptions, 'viewport' | 'deviceScaleFactor' | 'colorScheme' | 'permissions'>;

/** Launches headless Chromium on the run's profile, its processes in `live`; returns its page. */
export async function launchChromium(tools: ToolPaths, run: RunDir, live: Live, options: BrowserOptions): Promise<Page> {
  live.context = await chromium.launchPersistentContext(run.browserProfile, {
    executablePath: tools.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    env: isolatedEnv(run),
    ...options,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60_000,
  });
  const mine = ownPgid();
  for (const p of findRunProcesses(run.browserProfile, new Set())) if (p.pgid !== mine) live.pgids.add(p.pgid);
  return live.context.pages()[0] ?? (await live.context.newPage());
}

/** Closes the browser, waiting at most 10 s (it can hang on a crashed page). */
export async function closeBrowser(live: Live, log: (message: string) => void): Promise<void> {
  if (live.context) {
    await Promise.race([live.context.close().catch((err: unknown) => log(`closing the browser: ${String(err)}`)), sleep(10_000)]);
  }
}

/** A timeout in seconds from the environment (AIP_IT_TIMEOUT, AIP_E2E_TIMEOUT), or the default. */
export function positiveEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of seconds, got '${raw}'`);
  return n;
}
