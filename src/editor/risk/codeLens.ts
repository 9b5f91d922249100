import * as vscode from 'vscode';
import { summarize } from '../display/fileSummary';
import type { TrackingService } from '../tracking/trackingService';
import type { RiskService } from './riskService';

/** One lens at the top of a file with AI text: how much, and the blast radius of its path. */
export class RiskCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly onDidChangeCodeLenses = this.emitter.event;
  enabled = true;

  constructor(
    private readonly tracking: TrackingService,
    private readonly risks: RiskService,
    private readonly externalIsAi: () => boolean,
  ) {
    this.disposables.push(
      this.emitter,
      vscode.languages.registerCodeLensProvider([{ scheme: 'file' }, { scheme: 'untitled' }], this),
      risks.onDidChange(() => this.emitter.fire()),
    );
  }

  refresh(): void {
    this.emitter.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled) return [];
    const doc = this.tracking.get(document.uri);
    if (!doc) return [];
    const s = summarize(doc, document, this.externalIsAi());
    if (s.aiLines === 0) return [];
    const risk = this.risks.get(document.uri);
    const top = new vscode.Range(0, 0, 0, 0);
    let title = `AI: ${s.aiLines} of ${s.contentLines} lines (${s.percent}%)`;
    if (s.editedLines) title += `, ${s.editedLines} edited`;
    if (risk && risk.tier !== 'low') {
      const ids = [...new Set([...(risk.path.decidedBy ? [risk.path.decidedBy] : []), ...risk.findings.map((f) => f.ruleId)])];
      title += ` · Blast radius: ${risk.tier}${ids.length ? ` (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})` : ''}`;
    }
    return [new vscode.CodeLens(top, { title, command: 'aiProvenance.showFileSummary', tooltip: 'Show every AI range of this file' })];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
