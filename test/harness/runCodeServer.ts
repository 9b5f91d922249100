// Runs the extension-host integration suite (test/integration) in code-server's real extension
// host, with the workbench driven by headless Chromium (@vscode/test-electron cannot download
// VS Code offline; runElectron.ts runs the same suite where it can). Environment:
//   AIP_IT_TIMEOUT=<s>          overall limit (default 600)
//   AIP_IT_GREP=<regexp>        run only the matching tests
//   AIP_IT_TRUST=0              leave workspace trust on (no --disable-workspace-trust)
//   AIP_SCREENSHOT_DIR=<dir>    where screenshots asked for by tests (helpers.screenshot) go
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { closeBrowser, launchChromium, launchCodeServer, POLL_MS, positiveEnv, sleep, tail, type Live } from './codeServer';
import { readToolPaths, type ToolPaths } from './paths';
import { terminateRun } from './processes';
import { printSummary, readResult } from './result';
import { createRunDir, createWorkspace, isolatedEnv, repoRoot, writeUserSettings, type RunDir } from './runDir';

const DEV_HOST_TITLE = '[Extension Development Host]';
const TITLE_TIMEOUT_MS = 60_000;
const TITLE_GRACE_MS = 10_000;
/** How long to wait for VS Code's exit report once the result file exists. */
const EXIT_AFTER_RESULT_MS = 15_000;

const log = (message: string): void => console.log(`[harness] ${message}`);


interface Outcome {
  /** Exit code of the extension host as reported by the workbench; undefined if never reported. */
  readonly hostExit: number | undefined;
}

function workbenchUrl(port: number, run: RunDir): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
  const extensionEnvironment: Record<string, string> = {
    AIP_TEST_WORKSPACE: run.workspace,
    AIP_TEST_RESULT: run.result,
    AIP_CLI: join(repoRoot, 'dist', 'cli.js'),
    AIP_NODE: process.execPath,
    AIP_IT_LOG_MARKER: LOG_MARKER,
    AIP_IT_TRUST: process.env.AIP_IT_TRUST === '0' ? '0' : '1',
  };
  if (process.env.AIP_IT_GREP) extensionEnvironment.AIP_IT_GREP = process.env.AIP_IT_GREP;
  if (process.env.AIP_SCREENSHOT_DIR) extensionEnvironment.AIP_SCREENSHOT_REQUESTS = run.screenshotRequests;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(join(repoRoot, 'out', 'test', 'integration', 'index.js'))],
    ['extensionEnvironment', JSON.stringify(extensionEnvironment)],
    ['skipWelcome', 'true'],
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Serves the screenshot requests tests write through helpers.screenshot(). */
async function serveScreenshots(page: Page, run: RunDir, outDir: string): Promise<void> {
  for (const req of readdirSync(run.screenshotRequests).filter((n) => n.endsWith('.req'))) {
    const name = basename(req, '.req');
    const png = join(outDir, `${name}.png`);
    await page.screenshot({ path: png });
    // The test waits for this file: write it whole, then make it appear.
    const tmp = join(run.screenshotRequests, `${name}.png.tmp`);
    copyFileSync(png, tmp);
    renameSync(tmp, join(run.screenshotRequests, `${name}.png`));
    rmSync(join(run.screenshotRequests, req), { force: true });
    log(`screenshot ${png}`);
  }
}

/**
 * codeAutomationLog gets the workbench's whole log; test/integration/index.ts marks the lines
 * the extension host prints during the run.
 */
const LOG_MARKER = '[aip-it] ';
function testOutputLines(message: string): string[] {
  return message
    .split('\n')
    .filter((line) => line.startsWith(LOG_MARKER))
    .map((line) => line.slice(LOG_MARKER.length));
}

async function runSuite(tools: ToolPaths, run: RunDir, live: Live): Promise<Outcome> {
  const { port, logFile } = await launchCodeServer(tools, run, live, {
    env: isolatedEnv(run, { EXTENSIONS_GALLERY: '{}' }),
    disableWorkspaceTrust: process.env.AIP_IT_TRUST !== '0',
    // Without it the built product ignores the test payload and no test runs.
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    log,
  });
  log(`code-server ready on 127.0.0.1:${port}`);

  const page = await launchChromium(tools, run, live, {
    viewport: { width: 1280, height: 800 },
    // Paste scenarios read the clipboard through the browser, as a user's paste does.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const workbenchLog = join(run.logs, 'workbench.log');
  let hostExit: number | undefined;
  let exitReported = false;
  // Both must exist before the workbench loads: VS Code looks them up on window.
  await page.exposeFunction('codeAutomationExit', (code: unknown, logs: unknown) => {
    hostExit = typeof code === 'number' ? code : Number(code);
    exitReported = true;
    if (Array.isArray(logs)) saveHostLogs(run, logs);
  });
  await page.exposeFunction('codeAutomationLog', (level: unknown, message: unknown) => {
    const text = String(message);
    appendFileSync(workbenchLog, `[${String(level)}] ${text}\n`);
    for (const line of testOutputLines(text)) console.log(line);
  });
  page.on('console', (msg) => appendFileSync(join(run.logs, 'browser-console.log'), `[${msg.type()}] ${msg.text()}\n`));
  page.on('pageerror', (err) => appendFileSync(join(run.logs, 'browser-console.log'), `[pageerror] ${err.message}\n`));

  const url = workbenchUrl(port, run);
  writeFileSync(join(run.logs, 'url.txt'), `${url}\n`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  const screenshotDir = process.env.AIP_SCREENSHOT_DIR ? resolve(process.env.AIP_SCREENSHOT_DIR) : undefined;
  if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
  const titleDeadline = Date.now() + TITLE_TIMEOUT_MS;
  let devHost = false;
  let titleRenderedAt: number | undefined;
  let resultSeenAt: number | undefined;
  for (;;) {
    if (exitReported) break;
    const server = live.server!;
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`code-server exited during the run:\n${tail(logFile)}`);
    if (page.isClosed()) throw new Error('the workbench page closed or crashed');
    if (!devHost) {
      const title = await page.title().catch(() => ''); // throws while the page navigates
      // Once the workbench has rendered its own title (it names the folder), the prefix is
      // either there or never will be; the grace covers a title set in two steps.
      if (title.includes(basename(run.workspace)) && !title.includes(DEV_HOST_TITLE)) titleRenderedAt ??= Date.now();
      if (title.includes(DEV_HOST_TITLE)) {
        devHost = true;
      } else if (Date.now() > titleDeadline || (titleRenderedAt !== undefined && Date.now() - titleRenderedAt > TITLE_GRACE_MS)) {
        throw new Error(
          `the window title never showed '${DEV_HOST_TITLE}' (last: '${title}'): ` +
            'the test payload was ignored (is --vscode-option enable-smoke-test-driver passed? are the payload paths vscode-remote:// URIs?). ' +
            `Logs: ${run.logs}`,
        );
      }
    }
    if (screenshotDir) await serveScreenshots(page, run, screenshotDir);
    if (existsSync(run.result)) {
      resultSeenAt ??= Date.now();
      if (Date.now() - resultSeenAt > EXIT_AFTER_RESULT_MS) {
        log('the result file is written but the workbench never reported the extension host exit');
        break;
      }
    }
    await sleep(POLL_MS);
  }
  return { hostExit };
}

function saveHostLogs(run: RunDir, logs: unknown[]): void {
  for (const entry of logs) {
    const { relativePath, contents } = (entry ?? {}) as { relativePath?: unknown; contents?: unknown };
    if (typeof relativePath !== 'string' || typeof contents !== 'string' || relativePath.includes('..')) continue;
    const file = join(run.logs, 'vscode', relativePath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

async function shutdown(run: RunDir, live: Live): Promise<boolean> {
  const t0 = Date.now();
  await closeBrowser(live, log);
  const t1 = Date.now();
  const left = await terminateRun(run.dir, live.pgids, 5_000);
  log(`shutdown: browser ${((t1 - t0) / 1000).toFixed(1)} s, processes ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  if (left.length > 0) {
    log(`processes of the run survived SIGKILL:\n${left.map((p) => `  ${p.pid} ${p.cmdline.slice(0, 200)}`).join('\n')}`);
    return false;
  }
  return true;
}

async function main(): Promise<number> {
  const started = Date.now();
  const timeoutSec = positiveEnv('AIP_IT_TIMEOUT', 600);
  const tools = readToolPaths();
  for (const f of ['dist/extension.js', 'dist/cli.js', 'out/test/integration/index.js']) {
    if (!existsSync(join(repoRoot, f))) throw new Error(`${f} is missing: run 'npm run build && npm run compile-tests' first`);
  }
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')); // a broken manifest fails here, not as a missing extension
  const run = createRunDir();
  log(`run dir ${run.dir}`);
  createWorkspace(run);
  writeUserSettings(run);

  const live: Live = { pgids: new Set() };
  let stop: (reason: string) => void = () => {};
  const stopped = new Promise<string>((r) => (stop = r));
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals): void => stop(`interrupted by ${signal}`);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  let ok = false;
  try {
    timer = setTimeout(() => stop(`timed out after ${timeoutSec} s (AIP_IT_TIMEOUT)`), timeoutSec * 1000);
    const suite = runSuite(tools, run, live);
    suite.catch(() => {}); // once stopped, its rejection (browser closed under it) is expected
    const outcome = await Promise.race([suite, stopped.then((reason) => Promise.reject(new Error(reason)))]);
    const result = readResult(run.result);
    if (!result) throw new Error(`the suite wrote no result file (${run.result}); extension host exit code ${String(outcome.hostExit)}. Logs: ${run.logs}`);
    ok = result.failed === 0 && result.passed > 0 && (outcome.hostExit === undefined || outcome.hostExit === 0);
    if (result.failed === 0 && outcome.hostExit !== undefined && outcome.hostExit !== 0) {
      log(`no test failed but the extension host exited with ${outcome.hostExit}; logs: ${run.logs}`);
    }
  } catch (err) {
    log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearTimeout(timer);
    const clean = await shutdown(run, live);
    ok &&= clean;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
  if (ok) rmSync(run.browserProfile, { recursive: true, force: true }); // most of a run's disk use, no use once green
  else printManifestProblems(run);
  log(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${run.logs}`);
  const result = readResultQuietly(run.result);
  if (result) printSummary(result);
  return ok ? 0 : 1;
}

/**
 * The server logs problems with the extension under test (an unparsable package.json, say one
 * caught mid-save) as "[<repo root>]: ..."; the extension then is simply missing in the tests.
 */
function printManifestProblems(run: RunDir): void {
  let text: string;
  try {
    text = readFileSync(join(run.logs, 'code-server.log'), 'utf8');
  } catch {
    return;
  }
  const lines = text.split('\n').filter((l) => l.includes(`[${repoRoot}]`));
  if (lines.length > 0) log(`code-server reported problems with the extension under test:\n${lines.slice(0, 10).join('\n')}`);
}

function readResultQuietly(file: string): ReturnType<typeof readResult> {
  try {
    return readResult(file);
  } catch (err) {
    log(String(err));
    return undefined;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[harness] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
