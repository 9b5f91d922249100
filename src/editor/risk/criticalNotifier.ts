import * as vscode from 'vscode';
import type { TrackingService } from '../tracking/trackingService';
import type { RiskService } from './riskService';

/**
 * When an agent (not a completion a person accepted) writes into a critical path, says so once
 * per file per session, with what to do next. Never a storm: later writes to the same file are
 * silent, and the Problems panel and the Blast radius view keep the full picture.
 */
export class CriticalNotifier implements vscode.Disposable {
  private readonly notified = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** What was shown (tests read it). */
  readonly shown: string[] = [];

  constructor(
    tracking: TrackingService,
    private readonly risks: RiskService,
    private readonly enabled: () => boolean,
  ) {
    this.disposables.push(
      tracking.onDidRecordAi(({ uri, origins }) => {
        const agent = origins.find((o) => o.kind === 'ai' && o.mode !== 'suggestive');
        if (agent && this.enabled()) void this.check(uri, agent.tool);
      }),
    );
  }

  private async check(uri: vscode.Uri, tool: string): Promise<void> {
    const key = uri.toString();
    if (this.notified.has(key)) return;
    const risk = await this.risks.evaluate(uri);
    if (!risk || risk.path.tier !== 'critical' || this.notified.has(key)) return;
    this.notified.add(key);
    const rule = risk.path.rules.find((r) => r.id === risk.path.decidedBy);
    const message = `${tool} changed ${risk.path.path}, a critical path${rule ? ` (${rule.reason})` : ''}. Review it before committing.`;
    this.shown.push(message);
    const choice = await vscode.window.showWarningMessage(message, 'Open Diff', 'Mark Reviewed', 'Open Policy');
    if (choice === 'Open Diff') await vscode.commands.executeCommand('git.openChange', uri);
    else if (choice === 'Mark Reviewed') await vscode.commands.executeCommand('aiProvenance.markReviewed', { uri: uri.toString(), wholeFile: true });
    else if (choice === 'Open Policy') await vscode.commands.executeCommand('aiProvenance.openPolicy', { uri: uri.toString() });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
