import * as vscode from 'vscode';
import { KeyedDebouncer } from '../debounce';
import type { FileSummary } from './fileSummary';
import { summarize } from './fileSummary';
import { delayFor } from '../pacing';
import type { TrackingService } from '../tracking/trackingService';

const UPDATE_DELAY_MS = 250;

/** `AI 34%` for the active file; a click opens the file's summary. */
export class StatusBarController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer = new KeyedDebouncer('throttle');
  private enabled: boolean;
  private last: FileSummary | undefined;

  constructor(
    private readonly tracking: TrackingService,
    enabled: boolean,
    private readonly externalIsAi: () => boolean,
  ) {
    this.enabled = enabled;
    this.item = vscode.window.createStatusBarItem('aiProvenance.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'AI Provenance';
    this.item.command = 'aiProvenance.showFileSummary';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      tracking.onDidChange((uri) => {
        if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) this.schedule();
      }),
    );
    this.update();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.update();
  }

  /** The text shown now (tests read it). */
  get text(): string {
    return this.item.text;
  }

  get summary(): FileSummary | undefined {
    return this.last;
  }

  dispose(): void {
    this.timer.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private schedule(): void {
    this.timer.schedule('all', delayFor(UPDATE_DELAY_MS, this.activeRecordCount()), () => this.update());
  }


  private activeRecordCount(): number {
    const editor = vscode.window.activeTextEditor;
    return (editor && this.tracking.get(editor.document.uri)?.tracker.recordCount) ?? 0;
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const doc = editor && this.tracking.get(editor.document.uri);
    if (!this.enabled || !editor || !doc) {
      this.last = undefined;
      this.item.hide();
      return;
    }
    const s = summarize(doc, editor.document, this.externalIsAi());
    this.last = s;
    this.item.text = `$(sparkle) AI ${s.percent}%`;
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown('**AI Provenance**  \n');
    tooltip.appendText(
      `${s.aiLines} of ${s.contentLines} non-blank lines are AI-origin (${s.editedLines} edited by a human).` +
        (s.tools.length ? ` Tools: ${s.tools.join(', ')}.` : ''),
    );
    tooltip.appendMarkdown('\n\nClick for details.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `AI Provenance: ${s.percent} percent of lines are AI-origin` };
    this.item.show();
  }
}
