import * as vscode from 'vscode';
import { VERSION } from './core/version';
import { registerCommands } from './editor/commands';
import { affects, readSettings } from './editor/config';
import { DecorationController } from './editor/decorations';
import { HoverController } from './editor/hover';
import { registerInlineAccept } from './editor/inlineAccept';
import { StatusBarController } from './editor/statusBar';
import { StorageLocator } from './editor/storageLocator';
import { TrackingService } from './editor/trackingService';
import type { AiProvenanceApi } from './editor/api';
import { createApi } from './editor/api';

let tracking: TrackingService | undefined;

export function activate(context: vscode.ExtensionContext): AiProvenanceApi {
  const log = vscode.window.createOutputChannel('AI Provenance', { log: true });
  context.subscriptions.push(log);
  try {
    let settings = readSettings();
    const storage = (context.storageUri ?? context.globalStorageUri).fsPath;
    const locator = new StorageLocator(
      log,
      storage,
      () => vscode.workspace.getConfiguration('git').get<string>('path') || undefined,
      () => vscode.workspace.isTrusted,
    );
    tracking = new TrackingService(log, locator, settings, () => vscode.workspace.isTrusted);
    const decorations = new DecorationController(tracking, vscode.Uri.joinPath(context.extensionUri, 'media'), settings.decorationsEnabled);
    const hover = new HoverController(tracking);
    const status = new StatusBarController(tracking, settings.statusBarEnabled, () => settings.externalEditsAreAI);
    context.subscriptions.push(
      tracking,
      decorations,
      hover,
      status,
      ...registerCommands(tracking, decorations, log, () => settings.externalEditsAreAI),
      ...registerInlineAccept(tracking, () => settings.inlineCompletionTool),
      vscode.workspace.onDidGrantWorkspaceTrust(() => locator.reset()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affects(e)) return;
        settings = readSettings();
        tracking?.updateSettings(settings);
        if (affects(e, 'decorations.enabled')) decorations.setEnabled(settings.decorationsEnabled);
        if (affects(e, 'statusBar.enabled') || affects(e, 'externalEditsAreAI')) status.setEnabled(settings.statusBarEnabled);
        hover.enabled = settings.hoverEnabled;
      }),
    );
    hover.enabled = settings.hoverEnabled;
    log.info(`AI Provenance ${VERSION} active`);
    return createApi(tracking, decorations, status);
  } catch (err) {
    log.error(err instanceof Error ? err : String(err));
    void vscode.window.showErrorMessage(`AI Provenance failed to start: ${String(err)}`);
    throw err;
  }
}

export async function deactivate(): Promise<void> {
  await tracking?.flushAll();
}
