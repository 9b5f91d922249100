import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { affects, readSettings } from './config';
import { DecorationController } from './display/decorations';
import { HoverController } from './display/hover';
import { registerInlineAccept } from './tracking/inlineAccept';
import { StatusBarController } from './display/statusBar';
import { StorageLocator } from './tracking/storageLocator';
import { TrackingService } from './tracking/trackingService';
import { registerCliCommands, restoreCliOnPath } from './setup/cliShim';
import { refreshAgentHookRuntime, registerAgentCommands } from './setup/agentCommands';
import { CommitHookController } from './commit/commitHooks';
import { BlastRadiusController } from './risk/blastRadius';
import { RiskCodeLensProvider } from './risk/codeLens';
import { CriticalNotifier } from './risk/criticalNotifier';
import { PolicyService } from './risk/policyService';
import { registerRiskCommands } from './risk/riskCommands';
import { RiskDiagnosticsController } from './risk/riskDiagnostics';
import { RiskService } from './risk/riskService';
import type { AiProvenanceApi } from './api';
import { createApi } from './api';

/**
 * Builds every service and UI surface, each a Disposable owned by `context.subscriptions`, and
 * the API object `activate()` returns.
 */
export function composeExtension(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): { api: AiProvenanceApi; flush: () => Promise<void> } {
  let settings = readSettings();
  const storage = (context.storageUri ?? context.globalStorageUri).fsPath;
  const locator = new StorageLocator(
    log,
    storage,
    () => vscode.workspace.getConfiguration('git').get<string>('path') || undefined,
    () => vscode.workspace.isTrusted,
  );
  const tracking = new TrackingService(log, locator, settings, () => vscode.workspace.isTrusted);
  const decorations = new DecorationController(tracking, vscode.Uri.joinPath(context.extensionUri, 'media'), settings.decorationsEnabled);
  const externalIsAi = () => settings.externalEditsAreAI;
  const policies = new PolicyService(log);
  const risks = new RiskService(tracking, policies, externalIsAi);
  const hover = new HoverController(tracking, risks);
  const status = new StatusBarController(tracking, settings.statusBarEnabled, externalIsAi);
  const riskDiagnostics = new RiskDiagnosticsController(risks);
  const codeLens = new RiskCodeLensProvider(tracking, risks, externalIsAi);
  const blastRadius = new BlastRadiusController(tracking, risks, policies, locator, externalIsAi);
  const notifier = new CriticalNotifier(tracking, risks, () => settings.criticalNotifications);
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
    notifier,
    ...registerCommands(tracking, decorations, log, externalIsAi),
    ...registerRiskCommands(tracking, locator),
    ...registerCliCommands(context),
    ...registerAgentCommands(context, locator, log),
    ...registerInlineAccept(tracking, () => settings.inlineCompletionTool),
    vscode.workspace.onDidGrantWorkspaceTrust(() => locator.reset()),
    vscode.workspace.onDidChangeConfiguration((e) => applySettings(e)),
  );
  // One path for start-up and every change (an absent event means "everything").
  const applySettings = (e?: vscode.ConfigurationChangeEvent): void => {
    if (!affects(e)) return;
    settings = readSettings();
    tracking.updateSettings(settings);
    decorations.setEnabled(settings.decorationsEnabled);
    status.setEnabled(settings.statusBarEnabled);
    hover.enabled = settings.hoverEnabled;
    codeLens.enabled = settings.codeLensEnabled;
    codeLens.refresh();
    if (e && affects(e, 'externalEditsAreAI')) risks.refreshAll();
  };
  applySettings();
  void restoreCliOnPath(context, log);
  void refreshAgentHookRuntime(context, log);
  return { api: createApi({ tracking, decorations, status, risks, riskDiagnostics, blastRadius, notifier, commitHooks }), flush: () => tracking.flushAll() };
}
