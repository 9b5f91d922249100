import * as vscode from 'vscode';
import { VERSION } from './core/version';
import type { AiProvenanceApi } from './editor/api';
import { composeExtension } from './editor/compose';

let flush: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): AiProvenanceApi {
  const log = vscode.window.createOutputChannel('AI Provenance', { log: true });
  context.subscriptions.push(log);
  try {
    const composed = composeExtension(context, log);
    flush = composed.flush;
    log.info(`AI Provenance ${VERSION} active`);
    return composed.api;
  } catch (err) {
    log.error(err instanceof Error ? err : String(err));
    void vscode.window.showErrorMessage(`AI Provenance failed to start: ${String(err)}`);
    throw err;
  }
}

/** Writes pending provenance so a window reload finds it. */
export async function deactivate(): Promise<void> {
  await flush?.();
}
