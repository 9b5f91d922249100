import * as vscode from 'vscode';
import { KeyedDebouncer } from '../debounce';
import type { ContentFinding, PathClassification, ScanLine, Tier } from '../../core/policy';
import { assessRisk, maxTier } from '../../core/policy';
import type { TierRequirements } from '../../core/policy';
import type { AiRange } from '../../core/tracking/provenanceTracker';
import { delayFor } from '../pacing';
import type { TrackedDocument } from '../tracking/trackedDocument';
import type { TrackingService } from '../tracking/trackingService';
import type { PolicyService } from './policyService';

const UPDATE_DELAY_MS = 120;

export interface Finding extends ContentFinding {
  readonly range: vscode.Range;
}

/** The risk of the AI-origin text in one open document. */
export interface DocRisk {
  readonly uri: vscode.Uri;
  readonly path: PathClassification;
  /** The path's tier raised by content findings; `low` when the file holds no AI text. */
  readonly tier: Tier;
  readonly requirements: TierRequirements;
  /** AI ranges that sit in a path whose tier asks for editor warnings. */
  readonly warnedRanges: readonly AiRange[];
  readonly findings: readonly Finding[];
  readonly aiRanges: number;
}

/**
 * Recomputes, within a moment of any edit or policy change, which AI-origin text in open
 * documents is risky: by the path it is in and by destructive patterns inside it. Human text
 * never raises risk, so only lines holding AI characters are scanned, and only matches that
 * touch AI characters count.
 */
export class RiskService implements vscode.Disposable {
  private readonly risks = new Map<string, DocRisk>();
  private readonly timers = new KeyedDebouncer('throttle');
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly tracking: TrackingService,
    private readonly policies: PolicyService,
    private readonly externalIsAi: () => boolean,
  ) {
    this.disposables.push(
      this.emitter,
      tracking.onDidChange((uri) => this.schedule(uri)),
      policies.onDidChange(() => this.refreshAll()),
    );
    this.refreshAll();
  }

  get(uri: vscode.Uri): DocRisk | undefined {
    return this.risks.get(uri.toString());
  }

  all(): DocRisk[] {
    return [...this.risks.values()];
  }

  refreshAll(): void {
    for (const d of this.tracking.all()) this.schedule(d.uri);
  }

  /** Computes now (tests and commands that need a fresh answer). */
  async evaluate(uri: vscode.Uri): Promise<DocRisk | undefined> {
    const doc = this.tracking.get(uri);
    if (!doc) {
      this.set(uri, undefined);
      return undefined;
    }
    await this.tracking.ready(uri);
    const policy = await this.policies.forRepo(doc.location?.repo?.root);
    const risk = this.compute(doc, policy.compiled);
    this.set(uri, risk);
    return risk;
  }

  dispose(): void {
    this.timers.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private schedule(uri: vscode.Uri): void {
    this.timers.schedule(uri.toString(), delayFor(UPDATE_DELAY_MS, this.tracking.get(uri)?.tracker.recordCount ?? 0), () => void this.evaluate(uri));
  }

  private set(uri: vscode.Uri, risk: DocRisk | undefined): void {
    const key = uri.toString();
    if (risk) this.risks.set(key, risk);
    else if (!this.risks.delete(key)) return;
    this.emitter.fire(uri);
  }

  private compute(doc: TrackedDocument, compiled: Parameters<typeof assessRisk>[0]): DocRisk {
    const document = doc.document;
    const path = doc.location?.key ?? vscode.workspace.asRelativePath(document.uri, false);
    const ranges = doc.tracker.ranges().filter((r) => r.record.origin.kind === 'ai' || this.externalIsAi());
    const lines = new Map<number, { from: number; to: number }[]>();
    for (const r of ranges) {
      const s = document.positionAt(r.start);
      const e = document.positionAt(r.end);
      for (let l = s.line; l <= e.line; l++) {
        const list = lines.get(l) ?? [];
        list.push({ from: l === s.line ? s.character : 0, to: l === e.line ? e.character : Number.MAX_SAFE_INTEGER });
        lines.set(l, list);
      }
    }
    const scan: ScanLine[] = [...lines.keys()].sort((a, b) => a - b).map((line) => ({ line, text: document.lineAt(line).text }));
    const assessed = assessRisk(compiled, path, scan);
    const findings: Finding[] = assessed.findings
      .filter((f) => (lines.get(f.line) ?? []).some((span) => f.column < span.to && f.column + f.length > span.from))
      .map((f) => ({ ...f, range: new vscode.Range(f.line, f.column, f.line, f.column + f.length) }));
    const pathTier = assessed.path.tier;
    const warnPath = ranges.length > 0 && compiled.requirements(pathTier).editorWarning;
    const tier = ranges.length === 0 ? 'low' : maxTier(pathTier, ...findings.map((f) => f.tier));
    return {
      uri: document.uri,
      path: assessed.path,
      tier,
      requirements: compiled.requirements(tier),
      warnedRanges: warnPath ? ranges : [],
      findings,
      aiRanges: ranges.length,
    };
  }
}
