import * as vscode from 'vscode';
import type { AiRecord } from '../../core/tracking/provenanceTracker';
import { describeOrigin } from './describe';
import { describeRequirements } from '../risk/describeRisk';
import type { RiskService } from '../risk/riskService';
import type { TrackingService } from '../tracking/trackingService';

/**
 * Says where the text under the pointer came from. Tool names, models and paths come from
 * outside (agents, users), so they are appended as plain text, never as markdown.
 */
export class HoverController implements vscode.Disposable, vscode.HoverProvider {
  private readonly registration: vscode.Disposable;
  enabled = true;

  constructor(
    private readonly tracking: TrackingService,
    private readonly risks: RiskService,
  ) {
    this.registration = vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }], this);
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.enabled) return undefined;
    const doc = this.tracking.get(document.uri);
    if (!doc) return undefined;
    const offset = document.offsetAt(position);
    const range = doc.tracker.rangeAt(offset) ?? (offset > 0 ? doc.tracker.rangeAt(offset - 1) : undefined);
    if (!range) return undefined;
    const { title, rows } = describeOrigin(range.record);
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**AI Provenance**: `);
    md.appendText(title);
    md.appendMarkdown('\n\n');
    for (const [label, value] of rows) {
      md.appendMarkdown(`${label}: `);
      md.appendText(value);
      md.appendMarkdown('  \n');
    }
    this.appendRisk(md, document, position, range.record);
    return new vscode.Hover(md, new vscode.Range(document.positionAt(range.start), document.positionAt(range.end)));
  }

  /** Why this AI text is risky, and what the policy asks for it. */
  private appendRisk(md: vscode.MarkdownString, document: vscode.TextDocument, position: vscode.Position, record: AiRecord): void {
    const risk = this.risks.get(document.uri);
    if (!risk) return;
    const findings = risk.findings.filter((f) => f.range.contains(position));
    const warned = risk.warnedRanges.some((r) => r.record === record);
    if (!warned && findings.length === 0) return;
    md.appendMarkdown('\n---\n\n');
    if (warned) {
      const rule = risk.path.rules.find((r) => r.id === risk.path.decidedBy);
      md.appendMarkdown(`**Blast radius: ${risk.path.tier}**: `);
      md.appendText(rule ? `${rule.reason} (rule ${rule.id})` : risk.path.path);
      md.appendMarkdown('  \n');
    }
    for (const f of findings) {
      md.appendMarkdown(`**${f.tier}**: `);
      md.appendText(`${f.reason} (rule ${f.ruleId})`);
      md.appendMarkdown('  \n');
    }
    md.appendText(describeRequirements(risk.requirements));
    if (!record.reviewed) md.appendMarkdown('  \n_Not yet reviewed: run "AI Provenance: Mark AI Code as Reviewed" once you have._');
  }

  dispose(): void {
    this.registration.dispose();
  }
}
