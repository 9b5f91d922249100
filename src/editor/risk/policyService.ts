import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { KeyedDebouncer } from '../debounce';
import type { CompiledPolicy, LoadedPolicy } from '../../core/policy';
import { compilePolicy, defaultPolicy, loadPolicy, POLICY_FILE } from '../../core/policy';

export interface RepoPolicy {
  readonly compiled: CompiledPolicy;
  readonly loaded: LoadedPolicy | undefined;
}

const RELOAD_DELAY_MS = 150;

/**
 * The policy in force for each repository: its `.ai-provenance.json` (and CODEOWNERS) compiled,
 * reloaded within a moment of any change to them (edits, branch switches). A broken file never
 * disables anything: the built-in defaults apply and its problems, with positions, are in the
 * Problems panel.
 */
export class PolicyService implements vscode.Disposable {
  private readonly policies = new Map<string, Promise<RepoPolicy>>();
  private readonly defaults: RepoPolicy = { compiled: compilePolicy(defaultPolicy()), loaded: undefined };
  private readonly problems = vscode.languages.createDiagnosticCollection('aiProvenance.policy');
  private readonly emitter = new vscode.EventEmitter<string>();
  private readonly timers = new KeyedDebouncer('trailing');
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires with the repository root whose policy changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${POLICY_FILE},CODEOWNERS}`);
    const changed = (uri: vscode.Uri) => {
      for (const root of this.policies.keys()) if (uri.fsPath.startsWith(root)) this.scheduleReload(root);
    };
    this.disposables.push(this.problems, this.emitter, watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
  }

  /** The policy for a repository root, or the built-in defaults outside any repository. */
  forRepo(root: string | undefined): Promise<RepoPolicy> {
    if (!root) return Promise.resolve(this.defaults);
    let p = this.policies.get(root);
    if (!p) {
      p = this.load(root);
      this.policies.set(root, p);
    }
    return p;
  }

  dispose(): void {
    this.timers.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private scheduleReload(root: string): void {
    this.timers.schedule(root, RELOAD_DELAY_MS, () => {
      this.policies.set(root, this.load(root));
      void this.policies.get(root)!.then(() => this.emitter.fire(root));
    });
  }

  private async load(root: string): Promise<RepoPolicy> {
    const loaded = await loadPolicy(root, (p) =>
      fs.readFile(p, 'utf8').then(
        (t) => t,
        (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? undefined : Promise.reject(err)),
      ),
    );
    this.report(root, loaded);
    return { compiled: compilePolicy(loaded.policy, loaded.codeowners ? { codeowners: loaded.codeowners } : {}), loaded };
  }

  private report(root: string, loaded: LoadedPolicy): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of loaded.problems) {
      const pos = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
      const range = new vscode.Range(pos, pos.translate(0, Math.max(1, p.length)));
      let message = p.message;
      if (loaded.fellBack && p.severity === 'error') message += ' (the file is ignored: built-in defaults apply until it is fixed)';
      const d = new vscode.Diagnostic(range, message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = 'AI Provenance';
      d.code = 'policy';
      const list = byFile.get(p.file) ?? [];
      list.push(d);
      byFile.set(p.file, list);
    }
    for (const [uri] of this.problems) if (uri.fsPath.startsWith(root)) this.problems.delete(uri);
    for (const [file, diags] of byFile) this.problems.set(vscode.Uri.file(file), diags);
    if (loaded.fellBack) this.log.warn(`${POLICY_FILE} in ${root} has errors; using the built-in defaults (see the Problems panel)`);
  }
}
