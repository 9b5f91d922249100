import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { KeyedDebouncer } from '../debounce';
import { hookRuntimePaths, refreshHookRuntime } from '../../agents/launcher';
import type { Trailer } from '../../core/trailers/contract';
import { runGit } from '../../git/exec';
import { installHooks, uninstallHooks } from '../../git/hooks/install';
import { prepareTrailers, trailersOf } from '../../git/hooks/prepare';
import type { HookStatus } from '../../git/hooks/status';
import { hookStatus } from '../../git/hooks/status';
import type { RepoInfo } from '../../git/repo';
import type { StorageLocator } from '../tracking/storageLocator';
import type { TrackingService } from '../tracking/trackingService';

const PREPARE_DELAY_MS = 400;
const DECLINED_KEY = 'aiProvenance.hookDeclined';

/** The slice of the built-in Git extension's API (extensions/git/src/api/git.d.ts) used here. */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD?: { readonly commit?: string }; readonly indexChanges: readonly unknown[]; onDidChange: vscode.Event<void> };
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
  onDidOpenRepository: vscode.Event<GitRepository>;
}

/**
 * The commit hook from inside VS Code: installed only when the user says so (offered once per
 * repository in a trusted workspace), repaired when another tool removed or bypassed it,
 * trailers prepared ahead whenever the index or provenance changes (so the hook does not start
 * Node at commit time), previewed in the status bar while there is something staged, and the
 * committed message checked afterwards.
 */
export class CommitHookController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new KeyedDebouncer('trailing');
  private readonly heads = new Map<string, string | undefined>();
  private readonly watched = new Set<string>();
  private preview: { root: string; trailers: readonly Trailer[] } | undefined;
  /** Warnings shown about commits without trailers (tests read them). */
  readonly warnings: string[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly locator: StorageLocator,
    tracking: TrackingService,
  ) {
    this.item = vscode.window.createStatusBarItem('aiProvenance.trailers', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'AI Provenance: commit trailers';
    this.item.command = 'aiProvenance.showTrailers';
    this.disposables.push(
      this.item,
      vscode.commands.registerCommand('aiProvenance.installHook', (args?: { root?: string }) => this.install(args?.root)),
      vscode.commands.registerCommand('aiProvenance.uninstallHook', (args?: { root?: string }) => this.uninstall(args?.root)),
      vscode.commands.registerCommand('aiProvenance.checkHook', (args?: { root?: string; quiet?: boolean }) => this.check(args?.root, args?.quiet)),
      vscode.commands.registerCommand('aiProvenance.showTrailers', () => this.showTrailers()),
      vscode.commands.registerCommand('aiProvenance.prepareTrailers', (args?: { root?: string }) => this.prepareNow(args?.root)),
      // Provenance written to a ledger changes what the next commit gets (typing does not, until flushed).
      tracking.onDidChangeLedger((repo) => this.schedulePrepare(repo.root)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.start()),
    );
    void this.start();
  }

  /** What the status bar previews now (tests read it). */
  get previewed(): readonly Trailer[] {
    return this.preview?.trailers ?? [];
  }

  dispose(): void {
    this.timers.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private async start(): Promise<void> {
    if (!vscode.workspace.isTrusted) return; // hooks run code at every commit: trusted folders only
    await this.connectGit();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const repo = await this.locator.repoAt(folder.uri);
      if (repo) void this.offer(repo);
    }
  }

  /** Runtime and CLI the hooks run: a copy the extension refreshes on every start, so updates do not break them. */
  private async runtime(): Promise<{ node: string; cli: string }> {
    await refreshHookRuntime(process.env, join(this.context.extensionUri.fsPath, 'dist', 'cli.js'), process.execPath);
    return { node: process.execPath, cli: hookRuntimePaths(process.env).cliPath };
  }

  private async rootOf(root?: string): Promise<string | undefined> {
    if (root) return root;
    const active = vscode.window.activeTextEditor?.document.uri;
    const repo = active?.scheme === 'file' ? (await this.locator.locate(active))?.repo : undefined;
    if (repo) return repo.root;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const repos = (await Promise.all(folders.map((f) => this.locator.repoAt(f.uri)))).filter((r): r is RepoInfo => !!r);
    if (repos.length <= 1) return repos[0]?.root;
    const pick = await vscode.window.showQuickPick(
      repos.map((r) => ({ label: r.root })),
      { title: 'Which repository?' },
    );
    return pick?.label;
  }

  private async install(root?: string): Promise<HookStatus | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('AI Provenance: trust this folder first; the commit hook runs at every commit.');
      return undefined;
    }
    const dir = await this.rootOf(root);
    if (!dir) return undefined;
    const result = await installHooks(dir, { runtime: await this.runtime() });
    for (const m of result.messages) this.log.info(`hook install: ${m}`);
    if (!result.ok) {
      void vscode.window.showErrorMessage(`AI Provenance: the commit hook was not installed. ${result.messages.join(' ')}`);
    } else {
      void vscode.window.showInformationMessage(
        `AI Provenance: commit hook installed${result.chained.length ? `; your existing ${result.chained.join(', ')} still run` : ''}.`,
      );
      this.schedulePrepare(dir);
    }
    return hookStatus(dir);
  }

  private async uninstall(root?: string): Promise<void> {
    const dir = await this.rootOf(root);
    if (!dir) return;
    const result = await uninstallHooks(dir);
    for (const m of result.messages) this.log.info(`hook uninstall: ${m}`);
    void vscode.window.showInformationMessage(`AI Provenance: ${result.messages.join(' ') || 'commit hook removed.'}`);
  }

  private async check(root?: string, quiet = false): Promise<HookStatus | undefined> {
    const dir = await this.rootOf(root);
    if (!dir) return undefined;
    const status = await hookStatus(dir);
    if (!status || quiet) return status;
    const text = status.state === 'installed' ? 'The commit hook is installed and runs.' : `The commit hook is ${status.state}. ${status.problems.join(' ')}`;
    if (status.state === 'installed') void vscode.window.showInformationMessage(`AI Provenance: ${text}`);
    else await this.offerRepair(status, text);
    return status;
  }

  /** First activation in a trusted repository: ask once; never install silently. */
  private async offer(repo: RepoInfo): Promise<void> {
    const status = await hookStatus(repo.root).catch(() => undefined);
    if (!status) return;
    if (status.state === 'bypassed' || status.state === 'stale') {
      await this.offerRepair(status, `The AI Provenance commit hook in ${repo.root} is ${status.state}: ${status.problems.join(' ')}`);
      return;
    }
    if (status.state === 'installed') {
      this.schedulePrepare(repo.root);
      return;
    }
    const declined = this.context.workspaceState.get<string[]>(DECLINED_KEY, []);
    if (declined.includes(repo.root) || !status.canInstall) return;
    const choice = await vscode.window.showInformationMessage(
      `Add AI-origin trailers to commits in ${vscode.workspace.getWorkspaceFolder(vscode.Uri.file(repo.root))?.name ?? basename(repo.root)}? AI Provenance can install a git hook (it never blocks a commit and keeps your existing hooks).`,
      'Install Hook',
      'Not Now',
      "Don't Ask Again",
    );
    if (choice === 'Install Hook') await this.install(repo.root);
    else if (choice === "Don't Ask Again") await this.context.workspaceState.update(DECLINED_KEY, [...declined, repo.root]);
  }

  private async offerRepair(status: HookStatus, text: string): Promise<void> {
    const actions = status.canInstall ? ['Repair', 'Show Details'] : ['Show Details'];
    const choice = await vscode.window.showWarningMessage(`AI Provenance: ${text}`, ...actions);
    if (choice === 'Repair') await this.install(status.repo);
    else if (choice === 'Show Details') {
      this.log.info([`hook status for ${status.repo}: ${status.state}`, ...status.problems, ...status.advice].join('\n  '));
      this.log.show();
    }
  }

  // ---- prepared trailers and their preview ----------------------------------------------

  private async connectGit(): Promise<void> {
    const ext = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git');
    if (!ext) return;
    try {
      const api = (await ext.activate()).getAPI(1);
      const watch = (r: GitRepository) => {
        const root = r.rootUri.fsPath;
        if (this.watched.has(root)) return;
        this.watched.add(root);
        this.heads.set(root, r.state.HEAD?.commit);
        this.disposables.push(
          r.state.onDidChange(() => {
            this.schedulePrepare(root);
            const head = r.state.HEAD?.commit;
            const previous = this.heads.get(root);
            if (head && head !== previous) {
              this.heads.set(root, head);
              if (previous) void this.verifyCommit(root, head, previous);
            }
          }),
        );
        this.schedulePrepare(root);
      };
      api.repositories.forEach(watch);
      this.disposables.push(api.onDidOpenRepository(watch));
    } catch (err) {
      this.log.debug(`git extension unavailable: ${String(err)}`);
    }
  }

  private schedulePrepare(root: string): void {
    if (vscode.workspace.isTrusted) this.timers.schedule(root, PREPARE_DELAY_MS, () => void this.prepareNow(root));
  }

  /** Computes and writes the trailers for the current index, for the hook to pick up by tree id. */
  private async prepareNow(root?: string): Promise<readonly Trailer[]> {
    const dir = root ?? (await this.rootOf());
    if (!dir || !vscode.workspace.isTrusted) return [];
    try {
      const prepared = await prepareTrailers(dir, { log: this.log });
      const trailers = prepared ? (trailersOf(prepared) ?? []) : [];
      this.preview = { root: dir, trailers };
      await this.updateItem(dir, trailers);
      return trailers;
    } catch (err) {
      this.log.warn(`could not prepare commit trailers in ${dir}: ${String(err)}`);
      return [];
    }
  }

  private async updateItem(root: string, trailers: readonly Trailer[]): Promise<void> {
    const staged = await runGit(['diff', '--cached', '--quiet'], { cwd: root, timeoutMs: 5000 }).then((r) => r.code === 1, () => false);
    const origin = trailers.find((t) => t.key === 'AI-Origin')?.value;
    if (!staged || !origin) {
      this.item.hide();
      return;
    }
    const lines = trailers.find((t) => t.key === 'AI-Lines')?.value;
    const blast = trailers.find((t) => t.key === 'Blast-Radius')?.value.split(' ')[0];
    this.item.text = `$(git-commit) ${origin}${lines ? ` ${lines}` : ''}${blast && blast !== 'low' ? ` · ${blast}` : ''}`;
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendMarkdown('**The next commit will get these trailers**\n\n');
    tip.appendCodeblock(trailers.map((t) => `${t.key}: ${t.value}`).join('\n'), 'text');
    this.item.tooltip = tip;
    this.item.show();
  }

  private async showTrailers(): Promise<void> {
    const trailers = this.preview?.trailers ?? (await this.prepareNow());
    const text = trailers.map((t) => `${t.key}: ${t.value}`);
    await vscode.window.showQuickPick(text.length ? text : ['Nothing staged, or no trailers for it'], { title: 'AI-origin trailers for the next commit' });
  }

  /**
   * After a commit: did the hook run? A new commit on top of the previous HEAD without AI-Origin,
   * while our hook is installed, says not. Checkouts, resets and rebases move HEAD to commits with
   * other parents and are not judged (they keep their original messages by design).
   */
  private async verifyCommit(root: string, commit: string, previous: string): Promise<void> {
    const status = await hookStatus(root).catch(() => undefined);
    if (status?.state !== 'installed') return;
    const r = await runGit(['log', '-1', '--format=%(trailers:key=AI-Origin,valueonly)%x00%P', commit], { cwd: root, timeoutMs: 5000 }).catch(() => undefined);
    if (!r || r.code !== 0) return;
    const [origin, parents] = r.stdout.split('\0');
    if ((parents ?? '').trim() !== previous) return; // not a new commit on top (merge, rebase, checkout, reset)
    if ((origin ?? '').trim()) return;
    const message = `The commit ${commit.slice(0, 8)} has no AI-Origin trailer: the commit hook did not run (was it committed with an editor and --no-verify, or by a tool that skips hooks?).`;
    this.warnings.push(message);
    const choice = await vscode.window.showWarningMessage(`AI Provenance: ${message}`, 'Check Hook');
    if (choice === 'Check Hook') await this.check(root);
  }
}
