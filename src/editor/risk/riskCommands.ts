import { promises as fs } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { POLICY_FILE, STARTER_POLICY } from '../../core/policy';
import { runGit } from '../../git/exec';
import type { StorageLocator } from '../tracking/storageLocator';
import type { TrackingService } from '../tracking/trackingService';

/** Who is reviewing: git's user.name and email where git may run, else the OS account. */
async function reviewer(root: string | undefined, trusted: boolean): Promise<string> {
  if (root && trusted) {
    try {
      const [name, email] = await Promise.all([
        runGit(['config', 'user.name'], { cwd: root, timeoutMs: 3000 }),
        runGit(['config', 'user.email'], { cwd: root, timeoutMs: 3000 }),
      ]);
      const n = name.stdout.trim();
      if (n) return email.stdout.trim() ? `${n} <${email.stdout.trim()}>` : n;
    } catch {
      // fall through to the OS account
    }
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function registerRiskCommands(tracking: TrackingService, locator: StorageLocator): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('aiProvenance.markReviewed', async (args?: { uri?: string; wholeFile?: boolean; by?: string }) => {
      const uri = args?.uri ? vscode.Uri.parse(args.uri) : vscode.window.activeTextEditor?.document.uri;
      const doc = uri && tracking.get(uri);
      if (!uri || !doc) {
        void vscode.window.showInformationMessage('AI Provenance: open a file with AI-generated code first.');
        return 0;
      }
      const editor = vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? vscode.window.activeTextEditor : undefined;
      const spans =
        args?.wholeFile || !editor || editor.selections.every((s) => s.isEmpty)
          ? [{ start: 0, end: doc.document.getText().length }]
          : editor.selections.map((s) => ({ start: doc.document.offsetAt(s.start), end: doc.document.offsetAt(s.end) }));
      const by = args?.by ?? (await reviewer(doc.location?.repo?.root, vscode.workspace.isTrusted));
      let n = 0;
      for (const s of spans) n += tracking.markReviewed(uri, s.start, s.end, by);
      void vscode.window.setStatusBarMessage(`AI Provenance: ${n} AI range${n === 1 ? '' : 's'} marked reviewed by ${by}`, 4000);
      return n;
    }),
    vscode.commands.registerCommand('aiProvenance.openPolicy', async (args?: { uri?: string }) => {
      const target = args?.uri ? vscode.Uri.parse(args.uri) : vscode.window.activeTextEditor?.document.uri;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const repo = target?.scheme === 'file' ? (await locator.locate(target))?.repo : folder ? await locator.repoAt(folder) : undefined;
      const root = repo?.root;
      if (!root) {
        void vscode.window.showInformationMessage(`AI Provenance: ${POLICY_FILE} lives at the root of a git repository; open a file inside one.`);
        return;
      }
      const file = join(root, POLICY_FILE);
      const exists = await fs.stat(file).then(
        () => true,
        () => false,
      );
      if (!exists) {
        const create = await vscode.window.showInformationMessage(
          `This repository has no ${POLICY_FILE}; the built-in defaults apply. Create one to review or change them?`,
          'Create',
          'Cancel',
        );
        if (create !== 'Create') return;
        await fs.writeFile(file, STARTER_POLICY, { flag: 'wx' }).catch(() => undefined);
      }
      await vscode.window.showTextDocument(vscode.Uri.file(file));
    }),
  ];
}
