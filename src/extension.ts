import * as vscode from 'vscode';
import { VERSION } from './core/version';
import { registerCommands } from './editor/commands';
import { affects, readSettings } from './editor/config';
import { DecorationController } from './editor/display/decorations';
import { HoverController } from './editor/display/hover';
import { registerInlineAccept } from './editor/tracking/inlineAccept';
import { StatusBarController } from './editor/display/statusBar';
import { StorageLocator } from './editor/tracking/storageLocator';
import { TrackingService } from './editor/tracking/trackingService';
import { registerCliCommands, restoreCliOnPath } from './editor/setup/cliShim';
import { refreshAgentHookRuntime, registerAgentCommands } from './editor/setup/agentCommands';
import { CommitHookController } from './editor/commit/commitHooks';
import { BlastRadiusController } from './editor/risk/blastRadius';
import { RiskCodeLensProvider } from './editor/risk/codeLens';
import { CriticalNotifier } from './editor/risk/criticalNotifier';
import { PolicyService } from './editor/risk/policyService';
import { registerRiskCommands } from './editor/risk/riskCommands';
import { RiskDiagnosticsController } from './editor/risk/riskDiagnostics';
import { RiskService } from './editor/risk/riskService';
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
    const externalIsAi = () => settings.externalEditsAreAI;
    const policies = new PolicyService(log);
    const risks = new RiskService(tracking, policies, externalIsAi);
    const hover = new HoverController(tracking, risks);
    const status = new StatusBarController(tracking, settings.statusBarEnabled, externalIsAi);
    const riskDiagnostics = new RiskDiagnosticsController(risks);
    const codeLens = new RiskCodeLensProvider(tracking, risks, externalIsAi);
    const blastRadius = new BlastRadiusController(tracking, risks, policies, locator, externalIsAi);
    const notifier = settings.criticalNotifications ? new CriticalNotifier(tracking, risks) : undefined;
    const commitHooks = new CommitHookController(context, log, locator, tracking);
    context.subscriptions.push(
      tracking,
      decorations,
      hover,
      status,
      policies,
      risks,
      riskDiagnostics,
      codeLens,
      blastRadius,
      commitHooks,
      ...(notifier ? [notifier] : []),
      ...registerCommands(tracking, decorations, log, externalIsAi),
      ...registerRiskCommands(tracking, locator),
      ...registerCliCommands(context),
      ...registerAgentCommands(context, locator, log),
      ...registerInlineAccept(tracking, () => settings.inlineCompletionTool),
      vscode.workspace.onDidGrantWorkspaceTrust(() => locator.reset()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affects(e)) return;
        settings = readSettings();
        tracking?.updateSettings(settings);
        if (affects(e, 'decorations.enabled')) decorations.setEnabled(settings.decorationsEnabled);
        if (affects(e, 'statusBar.enabled') || affects(e, 'externalEditsAreAI')) status.setEnabled(settings.statusBarEnabled);
        hover.enabled = settings.hoverEnabled;
        codeLens.enabled = settings.codeLensEnabled;
        codeLens.refresh();
        if (affects(e, 'externalEditsAreAI')) risks.refreshAll();
      }),
    );
    hover.enabled = settings.hoverEnabled;
    codeLens.enabled = settings.codeLensEnabled;
    void restoreCliOnPath(context, log);
    void refreshAgentHookRuntime(context, log);
    log.info(`AI Provenance ${VERSION} active`);
    return createApi({ tracking, decorations, status, risks, riskDiagnostics, blastRadius, notifier, commitHooks });
  } catch (err) {
    log.error(err instanceof Error ? err : String(err));
    void vscode.window.showErrorMessage(`AI Provenance failed to start: ${String(err)}`);
    throw err;
  }
}

export async function deactivate(): Promise<void> {
  await tracking?.flushAll();
}
