import { promises as fs } from 'node:fs';
import { delimiter, join } from 'node:path';
import * as vscode from 'vscode';
import { shQuote } from '../../agents/launcher';

const CHOSEN_KEY = 'aiProvenance.cliOnPath';


/**
 * A stable `ai-provenance` command: a shim in the extension's global storage that runs the CLI
 * bundled with the *current* version of the extension on the extension host's own runtime (the
 * editor's Electron acts as Node with ELECTRON_RUN_AS_NODE). Rewritten on every activation, so
 * it keeps working after the extension updates and its install folder changes.
 */
export async function writeCliShim(context: vscode.ExtensionContext): Promise<string> {
  const bin = join(context.globalStorageUri.fsPath, 'bin');
  await fs.mkdir(bin, { recursive: true });
  const cli = join(context.extensionUri.fsPath, 'dist', 'cli.js');
  const sh = `#!/bin/sh\n# Written by the AI Provenance extension; refreshed each time it starts.\nELECTRON_RUN_AS_NODE=1 exec ${shQuote(process.execPath)} ${shQuote(cli)} "$@"\n`;
  await fs.writeFile(join(bin, 'ai-provenance'), sh, { mode: 0o755 });
  const cmd = `@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n"${process.execPath}" "${cli}" %*\r\n`;
  await fs.writeFile(join(bin, 'ai-provenance.cmd'), cmd);
  return bin;
}

/** Puts the shim's folder first on PATH in new integrated terminals. */
function applyPath(context: vscode.ExtensionContext, bin: string): void {
  context.environmentVariableCollection.prepend('PATH', bin + delimiter);
}

export async function restoreCliOnPath(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<void> {
  try {
    const bin = await writeCliShim(context);
    if (context.globalState.get<boolean>(CHOSEN_KEY)) applyPath(context, bin);
  } catch (err) {
    log.warn(`could not write the ai-provenance command shim: ${String(err)}`);
  }
}

export function registerCliCommands(context: vscode.ExtensionContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('aiProvenance.addCliToTerminalPath', async () => {
      const bin = await writeCliShim(context);
      applyPath(context, bin);
      await context.globalState.update(CHOSEN_KEY, true);
      void vscode.window.showInformationMessage('`ai-provenance` is on the PATH of new integrated terminals. Try `ai-provenance --help`.');
      return bin;
    }),
    vscode.commands.registerCommand('aiProvenance.removeCliFromTerminalPath', async () => {
      context.environmentVariableCollection.delete('PATH');
      await context.globalState.update(CHOSEN_KEY, false);
    }),
  ];
}
