import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AgentId } from '../../agents/payload';
import type { FileChange } from '../../agents/connect';
import { agentStatus, connectAgents, disconnectAgents, userStateDir } from '../../agents/connect';
import { homeDir } from '../../agents/paths';
import { AGENTS } from '../../agents/payload';
import { hookRuntimePaths, refreshHookRuntime } from '../../agents/launcher';
import { stateDirOf } from '../../git/repo';
import type { StorageLocator } from '../tracking/storageLocator';

/** Arguments for tests and scripts: skip the pickers and confirmations. */
export interface ConnectArgs {
  readonly agents?: AgentId[];
  readonly scope?: 'repo' | 'user';
  readonly confirm?: boolean;
}

function summary(changes: readonly FileChange[]): string {
  const touched = changes.filter((c) => c.action !== 'unchanged' && c.action !== 'absent');
  if (touched.length === 0) return 'nothing to change';
  return touched.map((c) => `${c.agent}: ${c.action} ${c.file}${c.note ? ` (${c.note})` : ''}`).join('; ');
}

/**
 * Keeps agent hooks working after an update: the CLI copy and runtime they use are refreshed from
 * this version of the extension, but only where the user has connected agents before.
 */
export async function refreshAgentHookRuntime(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<void> {
  try {
    const lib = hookRuntimePaths(process.env).libDir;
    if (!(await fs.stat(lib).then(() => true, () => false))) return;
    if (await refreshHookRuntime(process.env, join(context.extensionUri.fsPath, 'dist', 'cli.js'), process.execPath)) {
      log.info('agent hooks now run this version of AI Provenance');
    }
  } catch (err) {
    log.warn(`could not refresh the agent hook runtime: ${String(err)}`);
  }
}

export function registerAgentCommands(context: vscode.ExtensionContext, locator: StorageLocator, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const repoOf = async () => {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file') return (await locator.locate(active))?.repo;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return folder ? locator.repoAt(folder) : undefined;
  };
  const target = (scope: 'repo' | 'user', repo: Awaited<ReturnType<typeof repoOf>>) =>
    scope === 'repo' && repo
      ? { scope: 'repo' as const, root: repo.root, stateDir: stateDirOf(repo), env: process.env }
      : { scope: 'user' as const, root: homeDir(process.env), stateDir: userStateDir(process.env), env: process.env };

  return [
    vscode.commands.registerCommand('aiProvenance.connectAgents', async (args?: ConnectArgs) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('AI Provenance: trust this folder before connecting agents; it writes their hook configuration.');
        return [];
      }
      const repo = await repoOf();
      const statuses = await agentStatus(process.env, repo?.root);
      let agents = args?.agents;
      if (!agents) {
        const picks = await vscode.window.showQuickPick(
          statuses.map((s) => ({
            label: s.label,
            description: s.repoConnected || s.userConnected ? 'connected' : s.detected.length ? 'found on this machine' : 'not found',
            detail: s.detected.length ? s.detected.join(', ') : undefined,
            picked: s.detected.length > 0 && !s.repoConnected,
            agent: s.agent,
          })),
          { canPickMany: true, title: 'Connect AI agents', placeHolder: 'Agents whose edits AI Provenance should record' },
        );
        if (!picks || picks.length === 0) return [];
        agents = picks.map((p) => p.agent);
      }
      const scope = args?.scope ?? (repo ? 'repo' : 'user');
      const options = { ...target(scope, repo), runtime: process.execPath, cliSource: join(context.extensionUri.fsPath, 'dist', 'cli.js') };
      const preview = await connectAgents(agents, { ...options, dryRun: true });
      if (args?.confirm !== false) {
        const ok = await vscode.window.showInformationMessage(`Connect ${agents.join(', ')}?`, { modal: true, detail: `This will change: ${summary(preview)}.` }, 'Connect');
        if (ok !== 'Connect') return [];
      }
      const changes = await connectAgents(agents, { ...options, dryRun: false });
      log.info(`connected agents: ${summary(changes)}`);
      void vscode.window.showInformationMessage(`AI Provenance: ${summary(changes)}.`);
      return changes;
    }),
    vscode.commands.registerCommand('aiProvenance.disconnectAgents', async (args?: ConnectArgs) => {
      const repo = await repoOf();
      const scope = args?.scope ?? (repo ? 'repo' : 'user');
      const changes = await disconnectAgents(args?.agents ?? [...AGENTS], { ...target(scope, repo), dryRun: false });
      log.info(`disconnected agents: ${summary(changes)}`);
      void vscode.window.showInformationMessage(`AI Provenance: ${summary(changes)}.`);
      return changes;
    }),
  ];
}
