import * as vscode from 'vscode';
import type { Mode } from '../core/origin';
import { makeOrigin } from '../core/origin';
import type { DecorationController } from './display/decorations';
import { describeOrigin } from './display/describe';
import { summarize } from './display/fileSummary';
import { SECTION } from './config';
import type { TrackingService } from './tracking/trackingService';

const TOOLS = ['copilot', 'claude-code', 'codex', 'cursor', 'aider', 'gemini', 'chat'];

/** The walkthrough's example: what an agent might write when asked to "speed up the test database". */
const EXAMPLE = `# Example (not saved): an agent's change to a database definition.
resource "aws_db_instance" "orders" {
  identifier          = "orders-prod"
  engine              = "postgres"
  instance_class      = "db.t3.medium"
  deletion_protection = false
  skip_final_snapshot = true
}
`;

/** Arguments tests and other extensions may pass instead of answering prompts. */
export interface MarkArgs {
  readonly tool?: string;
  readonly mode?: Mode;
  readonly model?: string;
}

async function askTool(): Promise<string | undefined> {
  const other = '$(edit) Other…';
  const pick = await vscode.window.showQuickPick([...TOOLS, other], {
    title: 'Mark selection as AI-generated',
    placeHolder: 'Which tool wrote this code?',
  });
  if (pick !== other) return pick;
  return vscode.window.showInputBox({
    title: 'Mark selection as AI-generated',
    prompt: 'Tool name',
    validateInput: (v) => (v.trim() ? undefined : 'Enter a tool name'),
  });
}

/** Offsets of the selections, or of the current line where a selection is empty. */
function selectedOffsets(editor: vscode.TextEditor): { start: number; end: number }[] {
  return editor.selections.map((s) => {
    const range = s.isEmpty ? editor.document.lineAt(s.active.line).rangeIncludingLineBreak : s;
    return { start: editor.document.offsetAt(range.start), end: editor.document.offsetAt(range.end) };
  });
}

export function registerCommands(
  tracking: TrackingService,
  decorations: DecorationController,
  log: vscode.LogOutputChannel,
  externalIsAi: () => boolean,
): vscode.Disposable[] {
  const editorOrWarn = (): vscode.TextEditor | undefined => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !tracking.get(editor.document.uri)) {
      void vscode.window.showInformationMessage('AI Provenance: open a tracked file first.');
      return undefined;
    }
    return editor;
  };

  return [
    vscode.commands.registerCommand('aiProvenance.markSelectionAsAI', async (args?: MarkArgs) => {
      const editor = editorOrWarn();
      if (!editor) return;
      const tool = args?.tool ?? (await askTool());
      if (!tool) return;
      const origin = makeOrigin({ tool, mode: args?.mode ?? 'agentic', model: args?.model, source: 'manual-mark' });
      tracking.mark(editor.document.uri, selectedOffsets(editor), origin);
    }),
    vscode.commands.registerCommand('aiProvenance.markSelectionAsHuman', () => {
      const editor = editorOrWarn();
      if (editor) tracking.mark(editor.document.uri, selectedOffsets(editor), null);
    }),
    vscode.commands.registerCommand('aiProvenance.clearFileProvenance', async (args?: { confirm?: boolean }) => {
      const editor = editorOrWarn();
      if (!editor) return;
      if (args?.confirm !== false) {
        const answer = await vscode.window.showWarningMessage(
          `Forget all AI provenance recorded for ${vscode.workspace.asRelativePath(editor.document.uri)}?`,
          { modal: true },
          'Clear',
        );
        if (answer !== 'Clear') return;
      }
      tracking.clear(editor.document.uri);
    }),
    vscode.commands.registerCommand('aiProvenance.toggleDecorations', async () => {
      const next = !decorations.isEnabled;
      decorations.setEnabled(next);
      await vscode.workspace.getConfiguration(SECTION).update('decorations.enabled', next, vscode.ConfigurationTarget.Global);
    }),
    vscode.commands.registerCommand('aiProvenance.showFileSummary', async () => {
      const editor = editorOrWarn();
      if (!editor) return;
      const doc = tracking.get(editor.document.uri)!;
      const s = summarize(doc, editor.document, externalIsAi());
      const items = doc.tracker.ranges().map((r) => {
        const start = editor.document.positionAt(r.start);
        const end = editor.document.positionAt(r.end);
        const { title } = describeOrigin(r.record);
        const o = r.record.origin;
        return {
          label: `Lines ${start.line + 1}–${end.line + 1}`,
          description: `${o.tool} · ${o.mode}${o.model ? ` · ${o.model}` : ''}`,
          detail: title,
          range: new vscode.Range(start, end),
        };
      });
      const pick = await vscode.window.showQuickPick(items, {
        title: `AI ${s.percent}% · ${s.aiLines}/${s.contentLines} lines · ${s.editedLines} edited`,
        placeHolder: items.length ? 'Go to an AI range' : 'No AI-origin text recorded in this file',
        matchOnDescription: true,
      });
      if (pick) {
        editor.selection = new vscode.Selection(pick.range.start, pick.range.end);
        editor.revealRange(pick.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    }),
    vscode.commands.registerCommand('aiProvenance.showLog', () => log.show()),
    vscode.commands.registerCommand('aiProvenance.showExample', async () => {
      // An untitled document: nothing is written to the user's files.
      const document = await vscode.workspace.openTextDocument({ language: 'terraform', content: EXAMPLE });
      const editor = await vscode.window.showTextDocument(document);
      const start = EXAMPLE.indexOf('resource');
      tracking.mark(document.uri, [{ start, end: EXAMPLE.length }], makeOrigin({ tool: 'example-agent', mode: 'agentic', source: 'walkthrough-example' }));
      const risky = EXAMPLE.indexOf('deletion_protection');
      editor.selection = new vscode.Selection(document.positionAt(risky), document.positionAt(risky));
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }),
  ];
}
