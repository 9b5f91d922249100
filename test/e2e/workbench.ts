// Starting and stopping what an end-to-end run drives: code-server serving the workbench with the
// extensions installed from VSIX files (no development extension, no test payload), and headless
// Chromium showing it. How to start both, and process cleanup, are the integration harness's
// (test/harness/codeServer.ts, processes.ts).
import type { Page } from 'playwright-core';
import { closeBrowser, launchChromium, launchCodeServer, type Live } from '../harness/codeServer';
import type { ToolPaths } from '../harness/paths';
import { terminateRun, type ProcInfo } from '../harness/processes';
import type { RunDir } from '../harness/runDir';

// setup.ts and runE2E.ts import these from here.
export { codeServerArgs, tail, type Live } from '../harness/codeServer';

/** The window size of every screenshot (the README images). */
export const VIEWPORT = { width: 1280, height: 800 } as const;

const log = (message: string): void => console.log(`[e2e] ${message}`);

/**
 * Starts code-server (no test payload; `env` carries the run's settings) and waits until it
 * answers. Returns the port.
 */
export async function startCodeServer(tools: ToolPaths, run: RunDir, live: Live, env: Record<string, string>): Promise<number> {
  // A user trusts their own repository; the Restricted Mode banner must not be in the images.
  const { port } = await launchCodeServer(tools, run, live, { env, disableWorkspaceTrust: true, log });
  return port;
}

export async function launchBrowser(tools: ToolPaths, run: RunDir, live: Live): Promise<Page> {
  return launchChromium(tools, run, live, { viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: 'dark' });
}

/** Closes the browser, ends the run's process groups; returns what survived (a failure). */
export async function stopAll(run: RunDir, live: Live): Promise<ProcInfo[]> {
  await closeBrowser(live, log);
  return terminateRun(run.dir, live.pgids, 5_000);
}
