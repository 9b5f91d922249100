import * as vscode from 'vscode';
import type { DocRisk, RiskService } from './riskService';
import { describeRequirements, severityOf } from './describeRisk';

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
} as const;

/**
 * Risky AI text in the Problems panel and in the editor: one diagnostic per AI range in a path
 * the policy warns about (code = the rule that set the tier), one per destructive pattern inside
 * AI text (code = the content rule), and a warning tint on those lines.
 */
export class RiskDiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('aiProvenance.risk');
  private readonly lineTint = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('aiProvenance.riskBackground'),
    overviewRulerColor: new vscode.ThemeColor('aiProvenance.riskOverviewRuler'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly disposables: vscode.Disposable[] = [];
  private readonly tinted = new Map<string, vscode.Range[]>();

  constructor(private readonly risks: RiskService) {
    this.disposables.push(
      this.collection,
      this.lineTint,
      risks.onDidChange((uri) => this.update(uri)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.paintAll()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.tinted.delete(d.uri.toString());
      }),
    );
  }

  /** Ranges tinted as risky in `uri` (for tests). */
  tintedIn(uri: vscode.Uri): vscode.Range[] {
    return this.tinted.get(uri.toString()) ?? [];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private update(uri: vscode.Uri): void {
    const risk = this.risks.get(uri);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!risk || !document) {
      this.collection.delete(uri);
      this.tinted.delete(uri.toString());
      this.paintAll();
      return;
    }
    const diagnostics = [...this.pathDiagnostics(risk, document), ...this.findingDiagnostics(risk)];
    this.collection.set(uri, diagnostics);
    this.tinted.set(uri.toString(), diagnostics.map((d) => d.range));
    this.paintAll();
  }

  private pathDiagnostics(risk: DocRisk, document: vscode.TextDocument): vscode.Diagnostic[] {
    if (risk.warnedRanges.length === 0) return [];
    const p = risk.path;
    const rule = p.rules.find((r) => r.id === p.decidedBy) ?? p.rules[p.rules.length - 1];
    const why = rule ? `${rule.reason} (rule ${rule.id})` : `${p.tier} path`;
    return risk.warnedRanges.map((r) => {
      const range = new vscode.Range(document.positionAt(r.start), document.positionAt(r.end));
      const who = r.record.origin.tool;
      const d = new vscode.Diagnostic(
        range,
        `AI-generated code (${who}) in a ${p.tier}-risk path: ${why}. ${describeRequirements(risk.requirements)}`,
        SEVERITY[severityOf(p.tier)],
      );
      d.source = 'AI Provenance';
      d.code = p.decidedBy ?? p.tier;
      return d;
    });
  }

  private findingDiagnostics(risk: DocRisk): vscode.Diagnostic[] {
    return risk.findings.map((f) => {
      const d = new vscode.Diagnostic(f.range, `AI-written code: ${f.reason}`, SEVERITY[severityOf(f.tier)]);
      d.source = 'AI Provenance';
      d.code = f.ruleId;
      return d;
    });
  }

  private paintAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      editor.setDecorations(this.lineTint, this.tinted.get(editor.document.uri.toString()) ?? []);
    }
  }
}
