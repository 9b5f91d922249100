// Starting and stopping what an end-to-end run drives: code-server serving the workbench with the
// extensions installed from VSIX files (no development extension, no test payload), and headless
// Chromium showing it. Process cleanup is the integration harness's (test/harness/processes.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ToolPaths } from '../harness/paths';
import { findRunProcesses, terminateRun, type ProcInfo } from '../harness/processes';
import { isolatedEnv, type RunDir } from '../harness/runDir';

const HEALTHZ_TIMEOUT_MS = 30_000;
const POLL_MS = 200;

/** The window size of every screenshot (the README images). */
export const VIEWPORT = { width: 1280, height: 800 } as const;

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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Everything stop() must end; filled in as things start. */
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

/** code-server's command line, shared by the install step and the server. */
export function codeServerArgs(tools: ToolPaths, run: RunDir): string[] {
  return [join(tools.codeServer, 'out', 'node', 'entry.js'), '--user-data-dir', run.user, '--extensions-dir', run.extensions];
}

/**
 * Starts code-server in its own process group (so the extension host, pty host and git stop
 * with it) and waits until it answers. Returns the port.
 */
export async function startCodeServer(tools: ToolPaths, run: RunDir, live: Live, env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const logFile = join(run.logs, 'code-server.log');
  const args = [
    ...codeServerArgs(tools, run),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    // A user trusts their own repository; the Restricted Mode banner must not be in the images.
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const fd = openSync(logFile, 'a');
  try {
    live.server = spawn(tools.node24, args, { cwd: run.dir, detached: true, stdio: ['ignore', fd, fd], env });
  } finally {
    closeSync(fd);
  }
  const server = live.server;
  if (server.pid !== undefined) live.pgids.add(server.pid);
  server.on('error', (err) => console.log(`[e2e] code-server failed to start: ${err.message}`));
  const deadline = Date.now() + HEALTHZ_TIMEOUT_MS;
  while (!(await healthz(port))) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`code-server exited (${server.exitCode ?? server.signalCode}) before answering /healthz:\n${tail(logFile)}`);
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within ${HEALTHZ_TIMEOUT_MS / 1000} s:\n${tail(logFile)}`);
    await sleep(POLL_MS);
  }
  return port;
}

export async function launchBrowser(tools: ToolPaths, run: RunDir, live: Live): Promise<Page> {
  live.context = await chromium.launchPersistentContext(run.browserProfile, {
    executablePath: tools.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    env: isolatedEnv(run),
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    colorScheme: 'dark',
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60_000,
  });
  const mine = ownPgid();
  for (const p of findRunProcesses(run.browserProfile, new Set())) if (p.pgid !== mine) live.pgids.add(p.pgid);
  return live.context.pages()[0] ?? (await live.context.newPage());
}

/** Closes the browser, ends the run's process groups; returns what survived (a failure). */
export async function stopAll(run: RunDir, live: Live): Promise<ProcInfo[]> {
  if (live.context) {
    await Promise.race([live.context.close().catch((err: unknown) => console.log(`[e2e] closing the browser: ${String(err)}`)), sleep(10_000)]);
  }
  return terminateRun(run.dir, live.pgids, 5_000);
}
