import type * as vscode from 'vscode';
import { VERSION } from '../core/version';
import type { DecorationController } from './display/decorations';
import type { FileSummary } from './display/fileSummary';
import type { CommitHookController } from './commit/commitHooks';
import type { BlastRadiusController, FileEntry } from './risk/blastRadius';
import type { CriticalNotifier } from './risk/criticalNotifier';
import type { RiskDiagnosticsController } from './risk/riskDiagnostics';
import type { DocRisk, RiskService } from './risk/riskService';
import type { StatusBarController } from './display/statusBar';
import type { TrackingService } from './tracking/trackingService';

interface Parts {
  readonly tracking: TrackingService;
  readonly decorations: DecorationController;
  readonly status: StatusBarController;
  readonly risks: RiskService;
  readonly riskDiagnostics: RiskDiagnosticsController;
  readonly blastRadius: BlastRadiusController;
  readonly notifier: CriticalNotifier;
  readonly commitHooks: CommitHookController;
}

export interface RangeInfo {
  readonly start: vscode.Position;
  readonly end: vscode.Position;
  readonly startOffset: number;
  readonly endOffset: number;
  readonly id: string;
  readonly tool: string;
  readonly mode: string;
  readonly model?: string;
  readonly edited: boolean;
  readonly kind: string;
  readonly confidence: string;
  readonly source?: string;
}

/**
 * What `activate()` returns: a small, stable surface for tests and for other extensions that
 * want to ask where text came from.
 */
export interface AiProvenanceApi {
  readonly version: string;
  /** AI ranges of an open document, in order. */
  rangesOf(uri: vscode.Uri): RangeInfo[];
  /** Resolves once the document's stored provenance is loaded. */
  ready(uri: vscode.Uri): Promise<void>;
  /** Writes all pending provenance to disk. */
  flush(): Promise<void>;
  /** Ranges currently decorated in visible editors of `uri`. */
  decorationsOf(uri: vscode.Uri): { ai: vscode.Range[]; edited: vscode.Range[]; external: vscode.Range[] };
  /**
   * Writes the document's provenance, forgets it, and loads it again from disk: what a window
   * reload or close-and-reopen does. (Documents opened through the API stay open for minutes
   * after their editor closes, so tests cannot wait for a real close.)
   */
  reopen(uri: vscode.Uri): Promise<void>;
  /** The status bar's text and the summary behind it. */
  status(): { text: string; summary: FileSummary | undefined };
  /** The risk of a document's AI text, computed now. */
  risk(uri: vscode.Uri): Promise<DocRisk | undefined>;
  /** Lines tinted as risky in `uri`'s editors. */
  riskTintOf(uri: vscode.Uri): vscode.Range[];
  /** The Blast radius view's entries, refreshed now. */
  blastRadius(): Promise<readonly FileEntry[]>;
  /** Critical-path notifications shown this session. */
  notifications(): readonly string[];
  /** The trailers the status bar previews for the next commit. */
  previewedTrailers(): readonly { key: string; value: string }[];
  /** Warnings about commits that came out without trailers. */
  commitWarnings(): readonly string[];
}

export function createApi({ tracking, decorations, status, risks, riskDiagnostics, blastRadius, notifier, commitHooks }: Parts): AiProvenanceApi {
  return {
    version: VERSION,
    rangesOf(uri) {
      const doc = tracking.get(uri);
      if (!doc) return [];
      return doc.tracker.ranges().map((r) => ({
        start: doc.document.positionAt(r.start),
        end: doc.document.positionAt(r.end),
        startOffset: r.start,
        endOffset: r.end,
        id: r.record.id,
        tool: r.record.origin.tool,
        mode: r.record.origin.mode,
        ...(r.record.origin.model ? { model: r.record.origin.model } : {}),
        edited: r.record.edited,
        kind: r.record.origin.kind,
        confidence: r.record.origin.confidence,
        ...(r.record.origin.source ? { source: r.record.origin.source } : {}),
      }));
    },
    ready: (uri) => tracking.ready(uri),
    flush: () => tracking.flushAll(),
    reopen: (uri) => tracking.reopen(uri),
    decorationsOf: (uri) => {
      const d = decorations.appliedTo(uri);
      return { ai: [...d.ai], edited: [...d.edited], external: [...d.external] };
    },
    status: () => {
      status.update();
      return { text: status.text, summary: status.summary };
    },
    risk: (uri) => risks.evaluate(uri),
    riskTintOf: (uri) => riskDiagnostics.tintedIn(uri),
    blastRadius: async () => {
      await blastRadius.refresh();
      return blastRadius.entries();
    },
    notifications: () => notifier.shown,
    previewedTrailers: () => commitHooks.previewed,
    commitWarnings: () => commitHooks.warnings,
  };
}
