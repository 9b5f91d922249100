import { join } from 'node:path';
import * as vscode from 'vscode';
import { KeyedDebouncer } from '../debounce';
import type { Tier } from '../../core/policy';
import { TIERS, compareTiers, maxTier } from '../../core/policy';
import type { StorageLocator } from '../tracking/storageLocator';
import type { TrackingService } from '../tracking/trackingService';
import type { PolicyService } from './policyService';
import type { RiskService } from './riskService';

const REFRESH_DELAY_MS = 300;
const POLL_MS = 3000;

interface RangeEntry {
  readonly startLine: number;
  readonly endLine: number;
  readonly label: string;
  readonly range?: vscode.Range;
}

export interface FileEntry {
  readonly uri: vscode.Uri;
  readonly path: string;
  readonly tier: Tier;
  readonly rules: readonly string[];
  readonly ranges: readonly RangeEntry[];
}

type Node = { kind: 'tier'; tier: Tier; files: FileEntry[] } | { kind: 'file'; file: FileEntry } | { kind: 'range'; file: FileEntry; range: RangeEntry };

/**
 * AI changes not yet committed (open documents, and the ledgers of files that are closed),
 * grouped by tier: the "Blast radius" view, and the status bar item with the highest tier.
 */
export class BlastRadiusController implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private files: FileEntry[] = [];
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  private readonly view: vscode.TreeView<Node>;
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer = new KeyedDebouncer('throttle');
  private readonly poller: NodeJS.Timeout;
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(
    private readonly tracking: TrackingService,
    private readonly risks: RiskService,
    private readonly policies: PolicyService,
    private readonly locator: StorageLocator,
    private readonly externalIsAi: () => boolean,
  ) {
    this.view = vscode.window.createTreeView('aiProvenance.blastRadius', { treeDataProvider: this, showCollapseAll: true });
    this.item = vscode.window.createStatusBarItem('aiProvenance.risk', vscode.StatusBarAlignment.Right, 99);
    this.item.name = 'AI Provenance: blast radius';
    this.item.command = 'aiProvenance.blastRadius.focus';
    this.disposables.push(this.view, this.item, this.emitter, risks.onDidChange(() => this.schedule()), policies.onDidChange(() => this.schedule()));
    this.poller = setInterval(() => {
      if (this.view.visible) this.schedule();
    }, POLL_MS);
    this.schedule();
  }

  /** The entries shown now (tests read them). */
  entries(): readonly FileEntry[] {
    return this.files;
  }

  async refresh(): Promise<void> {
    const open = new Map<string, FileEntry>();
    for (const risk of this.risks.all()) {
      if (risk.aiRanges === 0) continue;
      const doc = this.tracking.get(risk.uri);
      if (!doc) continue;
      const ranges = doc.tracker
        .ranges()
        .filter((r) => r.record.origin.kind === 'ai' || this.externalIsAi())
        .map((r) => {
          const range = new vscode.Range(doc.document.positionAt(r.start), doc.document.positionAt(r.end));
          return { startLine: range.start.line, endLine: range.end.line, label: `${r.record.origin.tool} · ${r.record.origin.mode}`, range };
        });
      const rules = [...new Set([...(risk.path.decidedBy ? [risk.path.decidedBy] : []), ...risk.findings.map((f) => f.ruleId)])];
      open.set(risk.uri.fsPath, { uri: risk.uri, path: risk.path.path, tier: risk.tier, rules, ranges });
    }
    const closed = await this.closedFiles(new Set(open.keys()));
    this.files = [...open.values(), ...closed].sort((a, b) => compareTiers(b.tier, a.tier) || a.path.localeCompare(b.path));
    this.emitter.fire(undefined);
    this.updateStatus();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'tier') {
      const item = new vscode.TreeItem(`${node.tier}`, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.files.length} file${node.files.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon(node.tier === 'critical' ? 'error' : node.tier === 'high' ? 'warning' : node.tier === 'medium' ? 'info' : 'circle-outline');
      return item;
    }
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(node.file.uri, vscode.TreeItemCollapsibleState.Collapsed);
      item.label = node.file.path;
      const lines = node.file.ranges.reduce((n, r) => n + r.endLine - r.startLine + 1, 0);
      item.description = `${node.file.ranges.length} AI range${node.file.ranges.length === 1 ? '' : 's'}, ~${lines} lines${node.file.rules.length ? ` · ${node.file.rules.join(', ')}` : ''}`;
      item.command = { command: 'vscode.open', title: 'Open', arguments: [node.file.uri] };
      return item;
    }
    const r = node.range;
    const item = new vscode.TreeItem(r.startLine === r.endLine ? `Line ${r.startLine + 1}` : `Lines ${r.startLine + 1}–${r.endLine + 1}`);
    item.description = r.label;
    item.command = {
      command: 'vscode.open',
      title: 'Go to range',
      arguments: [node.file.uri, { selection: r.range ?? new vscode.Range(r.startLine, 0, r.endLine, 0) }],
    };
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      return [...TIERS]
        .reverse()
        .map((tier) => ({ kind: 'tier' as const, tier, files: this.files.filter((f) => f.tier === tier) }))
        .filter((g) => g.files.length > 0);
    }
    if (node.kind === 'tier') return node.files.map((file) => ({ kind: 'file' as const, file }));
    if (node.kind === 'file') return node.file.ranges.map((range) => ({ kind: 'range' as const, file: node.file, range }));
    return [];
  }

  dispose(): void {
    clearInterval(this.poller);
    this.timer.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private schedule(): void {
    this.timer.schedule('all', REFRESH_DELAY_MS, () => void this.refresh());
  }


  /** Files with pending AI provenance that are not open, from each repository's ledgers. */
  private async closedFiles(openPaths: Set<string>): Promise<FileEntry[]> {
    const out: FileEntry[] = [];
    const seen = new Set<string>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const repo = await this.locator.repoAt(folder.uri);
      if (!repo || seen.has(repo.root)) continue;
      seen.add(repo.root);
      const { compiled } = await this.policies.forRepo(repo.root);
      for (const ledger of await this.locator.storeOf(repo).readAll()) {
        const abs = join(repo.root, ledger.path);
        if (openPaths.has(abs)) continue;
        const ranges = ledger.ranges
          .filter((r) => r.kind === 'ai' || this.externalIsAi())
          .map((r) => ({ startLine: r.start[0], endLine: r.end[1] === 0 && r.end[0] > r.start[0] ? r.end[0] - 1 : r.end[0], label: `${r.tool} · ${r.mode}` }));
        if (ranges.length === 0) continue;
        const c = compiled.classify(ledger.path);
        out.push({ uri: vscode.Uri.file(abs), path: ledger.path, tier: c.tier, rules: c.decidedBy ? [c.decidedBy] : [], ranges });
      }
    }
    return out;
  }

  private updateStatus(): void {
    if (this.files.length === 0) {
      this.item.hide();
      return;
    }
    const top = maxTier(...this.files.map((f) => f.tier));
    const count = this.files.filter((f) => f.tier === top).length;
    this.item.text = `$(shield) ${top}`;
    this.item.tooltip = `Blast radius of uncommitted AI changes: ${top} (${count} of ${this.files.length} file${this.files.length === 1 ? '' : 's'} with AI changes). Click to list them.`;
    this.item.backgroundColor =
      top === 'critical' ? new vscode.ThemeColor('statusBarItem.errorBackground') : top === 'high' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}
