// Helpers shared by the extension-host suites. The AIP_* variables come from the outer runner
// (test/harness/runCodeServer.ts or runElectron.ts) through the extension host's environment.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import * as vscode from 'vscode';
import { testLog } from './index';

export const EXTENSION_ID = 'ai-provenance.ai-provenance';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through test/harness/runCodeServer.ts or runElectron.ts`);
  return value;
}

/**
 * Prints a line to the outer runner's output. Plain console.log from a test only reaches the
 * run's logs/workbench.log under code-server.
 */
export const log = testLog;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Activates the extension under test and returns what its activate() returned. */
export async function activateExtension<T = unknown>(): Promise<T> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded: is extensionDevelopmentPath the repository root, and its package.json valid (see the run's logs/code-server.log)?`);
  const api: unknown = await extension.activate();
  return api as T;
}

/** The temp git repository the runner created and opened as the workspace folder. */
export function workspaceDir(): string {
  return requiredEnv('AIP_TEST_WORKSPACE');
}

/**
 * Polls until `predicate` returns a truthy value and returns it. A predicate that throws is
 * retried; its last error is part of the timeout message.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, timeoutMs: number, message: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : inspect(lastError)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${cause}`);
    }
    await sleep(50);
  }
}

/**
 * Opens `relPath` (relative to the workspace) in an editor. With `content`, the file is written
 * first; without it, a missing file is created empty.
 */
export async function openFile(relPath: string, content?: string): Promise<vscode.TextEditor> {
  const file = join(workspaceDir(), relPath);
  if (content !== undefined || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content ?? '');
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(document);
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (dist/cli.js) with the runner's Node; a non-zero exit is a result, not an error. */
export function runCli(args: readonly string[], cwd: string = workspaceDir()): Promise<CliResult> {
  const node = requiredEnv('AIP_NODE');
  const cli = requiredEnv('AIP_CLI');
  return new Promise((resolve, reject) => {
    execFile(node, [cli, ...args], { cwd, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') {
        reject(new Error(`could not run ${cli} ${args.join(' ')}: ${err.message}`));
        return;
      }
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

/**
 * Asks the outer runner for a screenshot of the workbench and waits until it is taken. Returns
 * the PNG's path, or undefined when screenshots are off (AIP_SCREENSHOT_DIR unset, or not
 * running under code-server). Call it before the test ends: decorations vanish with the editor.
 */
export async function screenshot(name: string): Promise<string | undefined> {
  const dir = process.env.AIP_SCREENSHOT_REQUESTS;
  if (!dir) return undefined;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`screenshot name '${name}' may only use letters, digits, '.', '_' and '-'`);
  const png = join(dir, `${name}.png`);
  rmSync(png, { force: true });
  writeFileSync(join(dir, `${name}.req`), '');
  await waitFor(() => existsSync(png), 20_000, `screenshot '${name}'`);
  return png;
}

/** Types like a user: through the `type` command, at every cursor. */
export async function typeText(text: string): Promise<void> {
  await vscode.commands.executeCommand('type', { text });
}

let suggestion = '';
let provider: vscode.Disposable | undefined;

/**
 * Shows `text` as an inline suggestion at the cursor (from a completion provider the suites share,
 * standing in for Copilot and the like) and accepts it through `command`: by default our accept
 * command, the one our Tab keybinding runs.
 */
export async function acceptSuggestion(editor: vscode.TextEditor, text: string, command = 'aiProvenance.inlineSuggest.commit'): Promise<void> {
  provider ??= vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, {
    provideInlineCompletionItems: (_document, position) => (suggestion ? [new vscode.InlineCompletionItem(suggestion, new vscode.Range(position, position))] : []),
  });
  suggestion = text;
  const before = editor.document.getText();
  try {
    await waitFor(
      async () => {
        await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        await sleep(150);
        await vscode.commands.executeCommand(command);
        return editor.document.getText() !== before;
      },
      15_000,
      `the inline suggestion '${text}' to be accepted`,
    );
  } finally {
    suggestion = '';
  }
}
