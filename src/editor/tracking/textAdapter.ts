import * as vscode from 'vscode';
import type { Position, TextLike } from '../../core/text/textLike';

/** A VS Code document seen through the core's TextLike, without copying its text. */
export function documentText(doc: vscode.TextDocument): TextLike {
  return {
    get lineCount() {
      return doc.lineCount;
    },
    lineText: (line) => (line >= 0 && line < doc.lineCount ? doc.lineAt(line).text : ''),
    offsetAt: (p: Position) => doc.offsetAt(doc.validatePosition(new vscode.Position(p.line, Math.max(0, p.character)))),
    positionAt: (offset) => {
      const p = doc.positionAt(offset);
      return { line: p.line, character: p.character };
    },
  };
}
