import * as vscode from 'vscode';
import { describeOrigin } from './describe';
import type { TrackingService } from './trackingService';

/**
 * Says where the text under the pointer came from. Tool names, models and paths come from
 * outside (agents, users), so they are appended as plain text, never as markdown.
 */
export class HoverController implements vscode.Disposable, vscode.HoverProvider {
  private readonly registration: vscode.Disposable;
  enabled = true;

  constructor(private readonly tracking: TrackingService) {
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
    return new vscode.Hover(md, new vscode.Range(document.positionAt(range.start), document.positionAt(range.end)));
  }

  dispose(): void {
    this.registration.dispose();
  }
}
