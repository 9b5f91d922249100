import * as vscode from 'vscode';
import { KeyedDebouncer } from '../debounce';
import type { AiRange } from '../../core/tracking/provenanceTracker';
import { delayFor } from '../pacing';
import type { TrackingService } from '../tracking/trackingService';

const UPDATE_DELAY_MS = 30;

export interface AppliedDecorations {
  readonly ai: vscode.Range[];
  readonly edited: vscode.Range[];
  /** Changed on disk by a program nobody identified: outlined, not filled. */
  readonly external: vscode.Range[];
}

/**
 * AI ranges in visible editors: a subtle themable background on the characters, a gutter mark
 * and an overview-ruler mark on their lines; ranges a human has edited look different.
 */
export class DecorationController implements vscode.Disposable {
  private readonly aiText: vscode.TextEditorDecorationType;
  private readonly editedText: vscode.TextEditorDecorationType;
  private readonly aiLine: vscode.TextEditorDecorationType;
  private readonly editedLine: vscode.TextEditorDecorationType;
  private readonly externalText: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new KeyedDebouncer('throttle');
  private readonly applied = new Map<string, AppliedDecorations>();
  private enabled: boolean;

  constructor(
    private readonly tracking: TrackingService,
    media: vscode.Uri,
    enabled: boolean,
  ) {
    this.enabled = enabled;
    const icon = (name: string) => vscode.Uri.joinPath(media, name);
    this.aiText = vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('aiProvenance.aiBackground'),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.editedText = vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('aiProvenance.aiEditedBackground'),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.aiLine = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      gutterIconPath: icon('gutter-ai.svg'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('aiProvenance.aiOverviewRuler'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    this.editedLine = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      gutterIconPath: icon('gutter-ai-edited.svg'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('aiProvenance.aiEditedOverviewRuler'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    this.externalText = vscode.window.createTextEditorDecorationType({
      border: '1px dashed',
      borderColor: new vscode.ThemeColor('aiProvenance.externalBorder'),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      overviewRulerColor: new vscode.ThemeColor('aiProvenance.externalBorder'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    this.disposables.push(
      this.externalText,
      this.aiText,
      this.editedText,
      this.aiLine,
      this.editedLine,
      tracking.onDidChange((uri) => this.schedule(uri)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
    );
    this.refreshAll();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.refreshAll();
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** What was last applied to `uri`'s editors (for tests and the summary view). */
  appliedTo(uri: vscode.Uri): AppliedDecorations {
    return this.applied.get(uri.toString()) ?? { ai: [], edited: [], external: [] };
  }

  dispose(): void {
    this.pending.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    this.pending.schedule(key, delayFor(UPDATE_DELAY_MS, this.tracking.get(uri)?.tracker.recordCount ?? 0), () => {
      for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === key) this.apply(editor);
    });
  }

  private refreshAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.apply(editor);
  }

  private apply(editor: vscode.TextEditor): void {
    const doc = this.tracking.get(editor.document.uri);
    const ranges = this.enabled && doc ? doc.tracker.ranges() : [];
    const decorations = toDecorations(editor.document, ranges);
    editor.setDecorations(this.aiText, decorations.ai);
    editor.setDecorations(this.editedText, decorations.edited);
    editor.setDecorations(this.externalText, decorations.external);
    editor.setDecorations(this.aiLine, lines(decorations.ai, decorations.edited, false));
    editor.setDecorations(this.editedLine, lines(decorations.edited, decorations.ai, true));
    this.applied.set(editor.document.uri.toString(), decorations);
  }
}

function toDecorations(document: vscode.TextDocument, ranges: readonly AiRange[]): AppliedDecorations {
  const ai: vscode.Range[] = [];
  const edited: vscode.Range[] = [];
  const external: vscode.Range[] = [];
  for (const r of ranges) {
    const range = new vscode.Range(document.positionAt(r.start), document.positionAt(r.end));
    (r.record.origin.kind === 'external' ? external : r.record.edited ? edited : ai).push(range);
  }
  return { ai, edited, external };
}

/**
 * One gutter mark per line. A line holding both kinds shows the untouched-AI mark: it is the
 * stronger claim, and the reviewer should look at it.
 */
function lines(primary: readonly vscode.Range[], other: readonly vscode.Range[], yieldToOther: boolean): vscode.Range[] {
  const taken = new Set<number>();
  if (yieldToOther) for (const r of other) for (let l = r.start.line; l <= lastLine(r); l++) taken.add(l);
  const out: vscode.Range[] = [];
  const seen = new Set<number>();
  for (const r of primary) {
    for (let l = r.start.line; l <= lastLine(r); l++) {
      if (taken.has(l) || seen.has(l)) continue;
      seen.add(l);
      out.push(new vscode.Range(l, 0, l, 0));
    }
  }
  return out;
}

function lastLine(r: vscode.Range): number {
  return r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
}
