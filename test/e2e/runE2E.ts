// End-to-end test of the INSTALLED extension: packages the VSIX as a release is packaged,
// installs it with `code-server --install-extension` next to a demo inline-completion provider,
// opens a sample repository in headless Chromium and drives the workbench as a user would:
// accept the first-run offer of the commit hook, accept a suggestion with Tab in a critical
// path, see the decorations, the Problems entries, the hover and the Blast Radius view, commit
// from Source Control, read the trailers back with `git log` in the integrated terminal. The
// steps' screenshots are the README's images (scripts/screenshots.sh copies them).
// Compile with `AIP_OUT=out-e2e node scripts/build.mjs --tests`, run with node. Environment:
//   AIP_E2E_TIMEOUT=<s>           overall limit (default 240)
//   AIP_E2E_VSIX=<file>           test this VSIX instead of running `npm run package`
//   AIP_E2E_SCREENSHOT_DIR=<dir>  after a green run, copy the README images there
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { TestFailure } from '../integration/index';
import { readToolPaths, type ToolPaths } from '../harness/paths';
import { printSummary } from '../harness/result';
import { createRunDir, isolatedEnv, repoRoot, type RunDir } from '../harness/runDir';
import { composeFlowImage, type FlowStep } from './flowImage';
import { DEMO_SNIPPET } from './fixture/demoSnippet';
import {
  createSampleRepo,
  demoVsix,
  DEMO_EXTENSION_ID,
  EXTENSION_ID,
  installedExtensionDir,
  installExtensions,
  productVsix,
  SAMPLE_REPO_NAME,
  writeSettings,
} from './setup';
import {
  activeEditor,
  type BrowserWindow,
  clearNotifications,
  dragPaneEdge,
  editorText,
  hideStatusBarEntry,
  plain,
  quickOpen,
  resizeSideBar,
  runCommand,
  settleActivityBar,
  statusBarTexts,
  toasts,
  visible,
  waitFor,
  waitForWorkbench,
  wordBox,
} from './ui';
import { positiveEnv } from '../harness/codeServer';
import { launchBrowser, startCodeServer, stopAll, tail, type Live } from './workbench';

const log = (message: string): void => console.log(`[e2e] ${message}`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The images copied to media/screenshots; the other step images only go into flow.png. */
const README_IMAGES = ['ai-ranges', 'risk-hover', 'problems', 'blast-radius', 'commit-trailers', 'flow', 'hook-offer'] as const;
/** Room for the Blast Radius view's rows and the Source Control input. */
const SIDE_BAR_WIDTH = 400;
const COMMIT_MESSAGE = 'Add the CI deployer IAM policy';
/** Typed in infra/main.tf; the demo provider completes it to DEMO_SNIPPET. */
const TYPED = 'res';

interface Ctx {
  readonly tools: ToolPaths;
  readonly run: RunDir;
  readonly live: Live;
  readonly shots: string;
  readonly flow: FlowStep[];
  repo: string;
  cli: string;
  page?: Page;
}

interface Step {
  readonly title: string;
  readonly run: (ctx: Ctx) => Promise<void> | void;
}


function page(ctx: Ctx): Page {
  if (!ctx.page) throw new Error('the workbench is not open');
  return ctx.page;
}

function git(ctx: Ctx, ...args: string[]): string {
  return execFileSync('git', args, { cwd: ctx.repo, env: isolatedEnv(ctx.run), encoding: 'utf8' });
}

/** A screenshot of the whole window, refused while a notification toast would be in it. */
async function screenshot(ctx: Ctx, name: string, caption?: string, options: { toasts?: boolean } = {}): Promise<void> {
  const p = page(ctx);
  const shown = await toasts(p);
  if (shown.length > 0 && !options.toasts) throw new Error(`a notification is on screen, not fit for ${name}.png: ${shown.map((t) => plain(t).replace(/\s+/g, ' ')).join(' | ')}`);
  await settleActivityBar(p);
  const file = join(ctx.shots, `${name}.png`);
  await p.screenshot({ path: file });
  if (caption) ctx.flow.push({ file, caption });
  log(`  screenshot ${file}`);
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const steps: Step[] = [
  {
    title: 'the VSIX and the demo completion provider install with --install-extension',
    run(ctx) {
      const vsix = productVsix(ctx.tools, ctx.run);
      const demo = demoVsix(ctx.tools, ctx.run);
      const listed = installExtensions(ctx.tools, ctx.run, [vsix, demo]);
      const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
      assert(listed.includes(`${EXTENSION_ID}@${version}`), `--list-extensions does not show ${EXTENSION_ID}@${version}:\n${listed}`);
      assert(listed.includes(DEMO_EXTENSION_ID), `--list-extensions does not show ${DEMO_EXTENSION_ID}:\n${listed}`);
      ctx.cli = join(installedExtensionDir(ctx.run), 'dist', 'cli.js');
      assert(existsSync(ctx.cli), `the installed extension has no CLI at ${ctx.cli}`);
      const manifest = JSON.parse(readFileSync(join(installedExtensionDir(ctx.run), 'package.json'), 'utf8')) as { contributes?: { commands?: { command: string }[] } };
      assert(manifest.contributes?.commands?.some((c) => c.command === 'aiProvenance.installHook'), 'the installed extension contributes no aiProvenance.installHook command');
    },
  },
  {
    title: 'a sample repository with infra/ and src/ and one commit',
    run(ctx) {
      ctx.repo = createSampleRepo(ctx.run);
    },
  },
  {
    title: 'the workbench opens the sample repository with the installed extension (no development host)',
    async run(ctx) {
      writeSettings(ctx.run);
      const env = isolatedEnv(ctx.run, { EXTENSIONS_GALLERY: '{}', SHELL: '/bin/bash' });
      const port = await startCodeServer(ctx.tools, ctx.run, ctx.live, env);
      log(`  code-server on 127.0.0.1:${port}`);
      const p = await launchBrowser(ctx.tools, ctx.run, ctx.live);
      ctx.page = p;
      p.on('console', (msg) => writeLog(ctx, 'browser-console.log', `[${msg.type()}] ${msg.text()}`));
      p.on('pageerror', (err) => writeLog(ctx, 'browser-console.log', `[pageerror] ${err.message}`));
      await p.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ctx.repo)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await waitForWorkbench(p, SAMPLE_REPO_NAME);
      // The browser build's keyboard-layout entry is no part of VS Code on the desktop.
      await hideStatusBarEntry(p, 'Layout:');
      await resizeSideBar(p, SIDE_BAR_WIDTH);
      const title = await p.title();
      assert(title.includes(SAMPLE_REPO_NAME), `the window title '${title}' does not name ${SAMPLE_REPO_NAME}`);
      assert(!title.includes('[Extension Development Host]'), `the window is an extension development host: '${title}'`);
    },
  },
  {
    title: 'on first run the extension asks before installing the commit hook, and Install Hook installs it',
    async run(ctx) {
      const p = page(ctx);
      const offer = p.locator('.notifications-toasts .notification-toast', { hasText: 'Add AI-origin trailers' });
      await visible(offer, "the offer to install the commit hook (a notification with 'Install Hook')", 30_000);
      assert(!existsSync(join(ctx.repo, '.git', 'hooks', 'prepare-commit-msg')), 'a commit hook is installed before the user said yes');
      await sleep(300);
      await screenshot(ctx, 'hook-offer', '1. First run: AI Provenance asks before it installs its commit hook', { toasts: true });
      await offer.locator('.monaco-button', { hasText: 'Install Hook' }).click();
      await visible(p.locator('.notifications-toasts .notification-toast', { hasText: 'commit hook installed' }), "the confirmation 'commit hook installed'");
      const status = spawnSync(ctx.tools.node24, [ctx.cli, 'hook', 'status', '--repo', ctx.repo], { env: isolatedEnv(ctx.run), encoding: 'utf8' });
      assert(status.status === 0, `'ai-provenance hook status' says the hook is not installed (exit ${status.status}):\n${status.stdout}${status.stderr}`);
      await clearNotifications(p);
    },
  },
  {
    title: 'Quick Open opens infra/main.tf and the extension tracks it (status bar AI 0%)',
    async run(ctx) {
      const p = page(ctx);
      await quickOpen(p, 'infra/main.tf');
      await waitFor('the status bar to show AI 0% (the installed extension is active)', async () => (await statusBarTexts(p)).some((t) => /\bAI 0%/.test(t)), 30_000);
    },
  },
  {
    title: 'typing in the critical path shows the demo provider\'s ghost text',
    async run(ctx) {
      const p = page(ctx);
      await activeEditor(p).locator('.view-lines').click();
      await p.keyboard.press('Control+End');
      await p.keyboard.type(TYPED, { delay: 80 });
      const ghost = activeEditor(p).locator('.ghost-text-decoration, .ghost-text');
      await visible(ghost, 'the inline suggestion (ghost text)');
      const shown = plain((await ghost.allTextContents()).join('\n'));
      assert(shown.includes('"aws_iam_policy" "deployer"'), `the ghost text is not the demo snippet: '${shown.slice(0, 200)}'`);
      await sleep(300);
      await screenshot(ctx, 'ghost-text', '2. A completion extension suggests Terraform in infra/main.tf');
    },
  },
  {
    title: 'Tab (our keybinding) accepts the suggestion and the text is inserted and saved',
    async run(ctx) {
      const p = page(ctx);
      await p.keyboard.press('Tab');
      await waitFor('the snippet to be in the editor', async () => (await editorText(p)).includes('Action   = "*"'));
      await p.keyboard.press('Control+S');
      await waitFor('infra/main.tf to be saved with the snippet', () => readFileSync(join(ctx.repo, 'infra', 'main.tf'), 'utf8').includes(DEMO_SNIPPET));
      await visible(p.locator('.tabs-container .tab.active:not(.dirty)'), 'the editor tab to show the file saved');
    },
  },
  {
    title: 'the accepted lines are marked as AI (gutter marks, status bar AI n%)',
    async run(ctx) {
      const p = page(ctx);
      // Without the edit-reason proposal (turned off in the settings, absent in stock VS Code),
      // only our Tab command can have recorded this as AI.
      const status = await waitFor('the status bar to show AI n% with n > 0', async () => (await statusBarTexts(p)).find((t) => /\bAI [1-9]\d*%/.test(t)));
      log(`  status bar: ${status}`);
      const gutterMarks = await waitFor('gutter marks on the AI lines', async () => {
        const n = await activeEditor(p)
          .locator('.margin *')
          .evaluateAll((els: unknown[]) => els.filter((el) => (globalThis as unknown as BrowserWindow).getComputedStyle(el).backgroundImage.includes('gutter-ai')).length);
        return n >= DEMO_SNIPPET.split('\n').length ? n : undefined;
      });
      log(`  ${gutterMarks} gutter marks`);
      await p.mouse.move(900, 700);
      await sleep(500);
      await screenshot(ctx, 'ai-ranges', '3. Tab accepts it: the lines are marked AI-generated, the status bar shows the AI share');
    },
  },
  {
    title: 'the Problems panel lists iac.terraform and iam.wildcard-action',
    async run(ctx) {
      const p = page(ctx);
      await p.keyboard.press('Control+Shift+M');
      const rows = p.locator('.markers-panel .monaco-list-row');
      await visible(rows, 'the Problems panel rows');
      const text = await waitFor('the Problems panel to list iac.terraform and iam.wildcard-action', async () => {
        const all = plain((await rows.allInnerTexts()).join('\n'));
        return all.includes('iac.terraform') && all.includes('iam.wildcard-action') ? all : undefined;
      });
      assert(text.includes('main.tf'), `the Problems entries are not under main.tf:\n${text}`);
      await sleep(300);
      await screenshot(ctx, 'problems', '4. The Problems panel: AI code in a critical path, an IAM wildcard');
    },
  },
  {
    title: 'hovering the AI text shows its origin and the risk',
    async run(ctx) {
      const p = page(ctx);
      await p.keyboard.press('Control+Shift+M'); // hide the panel again: the hover needs room
      const box = await wordBox(p, 'Action');
      await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = p.locator('.monaco-hover:not(.hidden)');
      const expected = ['AI-generated', 'Tool: inline-completion', 'Blast radius: critical', 'iam.wildcard-action'];
      await visible(hover, 'a hover over the AI text');
      await waitFor(`the hover to say ${expected.map((e) => `'${e}'`).join(', ')}`, async () => {
        const text = plain(await hover.first().innerText());
        return expected.every((e) => text.includes(e));
      });
      await growHover(p);
      await sleep(400);
      await screenshot(ctx, 'risk-hover', '5. The hover: who wrote it, the blast radius, what the policy requires');
      await p.mouse.move(1200, 100);
      await p.keyboard.press('Escape');
    },
  },
  {
    title: 'the Blast Radius view in the Explorer lists infra/main.tf as critical',
    async run(ctx) {
      const p = page(ctx);
      await runCommand(p, 'Focus on Blast Radius View');
      const pane = p.locator('.pane', { has: p.locator('.pane-header', { hasText: 'Blast Radius' }) });
      await visible(pane, 'the Blast Radius view');
      const rows = pane.locator('.monaco-list-row');
      await waitFor('the Blast Radius view to list main.tf under critical', async () => {
        const all = plain((await rows.allInnerTexts()).join('\n'));
        return /critical/i.test(all) && all.includes('main.tf');
      });
      // Give the view the room a user would: the files above keep what they need.
      await dragPaneEdge(p, 'Outline', 230);
      // Expand everything so the image shows the AI ranges too.
      for (let i = 0; i < 10; i++) {
        const twistie = pane.locator('.monaco-list-row .monaco-tl-twistie.collapsible.collapsed');
        if ((await twistie.count()) === 0) break;
        await twistie.first().click();
        await sleep(150);
      }
      await p.mouse.move(900, 700);
      await sleep(400);
      await screenshot(ctx, 'blast-radius', '6. The Blast Radius view: uncommitted AI changes by tier');
    },
  },
  {
    title: 'staging and committing from the Source Control view (Ctrl+Enter) makes the commit',
    async run(ctx) {
      const p = page(ctx);
      const before = git(ctx, 'rev-parse', 'HEAD').trim();
      await p.keyboard.press('Control+Shift+G');
      const view = p.locator('.scm-view');
      await visible(view, 'the Source Control view');
      const changes = view.locator('.monaco-list-row', { hasText: 'Changes' }).first();
      await visible(changes, "the 'Changes' group in Source Control");
      await changes.hover();
      await changes.locator('.action-label[aria-label="Stage All Changes"]').click();
      await visible(view.locator('.monaco-list-row', { hasText: 'Staged Changes' }), "the 'Staged Changes' group");
      const preview = await waitFor('the status bar to preview the trailers of the staged change (ai-generated ... critical)', async () =>
        (await statusBarTexts(p)).find((t) => t.includes('ai-generated') && t.includes('critical')),
      );
      log(`  trailer preview: ${preview}`);
      const input = view.locator('.scm-editor .monaco-editor').first();
      await input.click();
      await p.keyboard.type(COMMIT_MESSAGE, { delay: 10 });
      await sleep(300);
      await screenshot(ctx, 'scm-commit', '7. Commit from Source Control as usual; the status bar previews the trailers');
      await p.keyboard.press('Control+Enter');
      await waitFor('the commit to be made', () => git(ctx, 'rev-parse', 'HEAD').trim() !== before, 30_000);
      const subject = git(ctx, 'log', '-1', '--format=%s').trim();
      assert(subject === COMMIT_MESSAGE, `the new commit's subject is '${subject}', not '${COMMIT_MESSAGE}'`);
      const files = git(ctx, 'show', '--name-only', '--format=', 'HEAD').trim();
      assert(files.split('\n').includes('infra/main.tf'), `the commit does not contain infra/main.tf: ${files}`);
    },
  },
  {
    title: 'the commit carries the trailers AI-Origin: ai-generated and Blast-Radius: critical',
    run(ctx) {
      const body = git(ctx, 'log', '-1', '--format=%B');
      writeLog(ctx, 'commit-message.txt', body);
      assert(/^AI-Origin: ai-generated$/m.test(body), `the commit message has no 'AI-Origin: ai-generated' trailer:\n${body}`);
      assert(/^Blast-Radius: critical\b/m.test(body), `the commit message has no 'Blast-Radius: critical' trailer:\n${body}`);
    },
  },
  {
    title: '`git log -1` in the integrated terminal shows the trailers',
    async run(ctx) {
      const p = page(ctx);
      await runCommand(p, 'Terminal: Create New Terminal');
      const terminal = p.locator('.terminal-wrapper.active .xterm');
      await visible(terminal, 'the integrated terminal');
      await waitFor('the shell prompt', async () => plain(await terminal.locator('.xterm-rows').innerText()).includes(SAMPLE_REPO_NAME));
      await p.keyboard.type('clear && git log -1\n', { delay: 5 });
      await waitFor("the terminal to show the commit's trailers", async () => /AI-Origin: ai-generated[\s\S]*Blast-Radius: critical/.test(plain(await terminal.locator('.xterm-rows').innerText())));
      await runCommand(p, 'View: Toggle Maximized Panel');
      await sleep(600);
      await screenshot(ctx, 'commit-trailers', '8. git log: the commit carries the AI-origin trailers');
    },
  },
];

/**
 * A hover is at most 250 px high until the user makes it bigger (VS Code remembers the size):
 * drag its top edge up so the image shows all of it.
 */
async function growHover(p: Page): Promise<void> {
  const sash = p.locator('.monaco-resizable-hover > .monaco-sash.orthogonal-edge-north:not(.disabled)').first();
  const box = await sash.boundingBox().catch(() => null);
  if (!box) return; // shown below the line, or nothing to grow: leave it
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await p.mouse.move(x, y + 20, { steps: 5 }); // over the hover, which keeps it open
  await p.mouse.move(x, y, { steps: 3 });
  await p.mouse.down();
  await p.mouse.move(x, Math.max(y - 300, 70), { steps: 10 });
  await p.mouse.up();
  await p.mouse.move(x, Math.max(y - 300, 70) + 40, { steps: 3 });
}

function writeLog(ctx: Ctx, name: string, text: string): void {
  try {
    writeFileSync(join(ctx.run.logs, name), `${text}\n`, { flag: 'a' });
  } catch {
    // the run dir may be gone during shutdown
  }
}

async function runSteps(ctx: Ctx, failures: TestFailure[], counts: { passed: number; notRun: number }, stopped: () => string | undefined): Promise<void> {
  for (const [i, step] of steps.entries()) {
    const reason = stopped();
    if (reason || failures.length > 0) {
      counts.notRun++;
      log(`- ${step.title} (not run${reason ? `: ${reason}` : ': an earlier step failed'})`);
      continue;
    }
    const t0 = Date.now();
    try {
      await step.run(ctx);
      counts.passed++;
      log(`✓ ${step.title} (${Date.now() - t0} ms)`);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      const interrupted = stopped();
      // Stopping closes the browser under the step: its own error is then a consequence.
      const message = interrupted ? `interrupted: ${interrupted} (the step then saw: ${detail.split('\n')[0]})` : detail;
      failures.push({ title: step.title, error: message });
      log(`✗ ${step.title}\n${message.split('\n').map((l) => `    ${l}`).join('\n')}`);
      if (!interrupted && ctx.page && !ctx.page.isClosed()) {
        const file = join(ctx.run.logs, `failure-${i + 1}.png`);
        await ctx.page.screenshot({ path: file, timeout: 10_000 }).then(
          () => log(`  screenshot of the failure: ${file}`),
          () => undefined,
        );
      }
    }
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const timeoutSec = positiveEnv('AIP_E2E_TIMEOUT', 240);
  const tools = readToolPaths();
  const run = createRunDir();
  const shots = join(run.dir, 'screenshots');
  mkdirSync(shots, { recursive: true });
  log(`run dir ${run.dir}`);
  const ctx: Ctx = { tools, run, live: { pgids: new Set() }, shots, flow: [], repo: '', cli: '' };

  let stopReason: string | undefined;
  let wake: () => void = () => {};
  const stoppedPromise = new Promise<void>((r) => (wake = r));
  const stop = (reason: string): void => {
    stopReason ??= reason;
    wake();
  };
  const onSignal = (signal: NodeJS.Signals): void => stop(`interrupted by ${signal}`);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  // Whatever goes wrong, code-server and Chromium (own process groups) must still be stopped:
  // a reader that went away (`| head`) or a stray rejection must not end the runner before that.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  const onCrash = (err: unknown): void => stop(`the runner failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const timer = setTimeout(() => stop(`timed out after ${timeoutSec} s (AIP_E2E_TIMEOUT)`), timeoutSec * 1000);

  const failures: TestFailure[] = [];
  const counts = { passed: 0, notRun: 0 };
  let work: Promise<void> | undefined;
  try {
    work = runSteps(ctx, failures, counts, () => stopReason);
    work.catch(() => {}); // after a stop, the browser closing under it is expected
    await Promise.race([work, stoppedPromise]);
    if (stopReason) log(`FAILED: ${stopReason}`);
    if (!stopReason && failures.length === 0) {
      await composeFlowImage(page(ctx), ctx.flow, join(shots, 'flow.png'));
      log(`  flow image ${join(shots, 'flow.png')}`);
    }
  } catch (err) {
    failures.push({ title: 'the run', error: err instanceof Error ? err.message : String(err) });
  } finally {
    clearTimeout(timer);
    const t0 = Date.now();
    const left = await stopAll(run, ctx.live);
    log(`shutdown ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // A stopped run's step fails once the browser is gone: let it say so before the summary.
    if (work) await Promise.race([work, sleep(5_000)]);
    if (stopReason && !failures.some((f) => f.error.startsWith('interrupted'))) failures.push({ title: 'the run', error: stopReason });
    if (left.length > 0) {
      failures.push({ title: 'no process of the run is left', error: left.map((p) => `${p.pid} ${p.cmdline.slice(0, 200)}`).join('\n') });
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }

  const ok = failures.length === 0;
  if (ok) {
    rmSync(run.browserProfile, { recursive: true, force: true });
    const target = process.env.AIP_E2E_SCREENSHOT_DIR;
    if (target) {
      mkdirSync(target, { recursive: true });
      for (const name of README_IMAGES) copyFileSync(join(shots, `${name}.png`), join(target, `${name}.png`));
      log(`README images copied to ${resolve(target)}`);
    }
  } else {
    log(`code-server log (tail):\n${tail(join(run.logs, 'code-server.log'), 15)}`);
  }
  log(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shots}, logs in ${run.logs}`);
  if (counts.notRun > 0) log(`${counts.notRun} step(s) not run`);
  printSummary({ passed: counts.passed, failed: failures.length, failures });
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[e2e] ${err instanceof Error ? err.message : String(err)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
