// The foundation in a real extension host: typing, accepting inline completions through our
// accept command, undo/redo, multi-cursor, persistence across close/reopen and external edits,
// CLI marks picked up while the file is open, and what the user sees.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AiProvenanceApi, RangeInfo } from '../../../src/editor/api';
import { acceptSuggestion, activateExtension, openFile, runCli, typeText, waitFor, workspaceDir } from '../helpers';

let api: AiProvenanceApi;

/** The text of each AI range (external ranges, from programs nobody identified, are left out). */
function texts(editor: vscode.TextEditor, ranges: RangeInfo[]): string[] {
  return ranges.filter((r) => r.kind === 'ai').map((r) => editor.document.getText(new vscode.Range(r.start, r.end)));
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('tracking in the editor', function () {
  this.timeout(60_000);

  before(async () => {
    api = await activateExtension<AiProvenanceApi>();
  });

  afterEach(async () => {
    await closeAll();
  });

  it('typing is human', async () => {
    const editor = await openFile('typing.ts', 'const a = 1;\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await typeText('const b = 2;');
    assert.equal(editor.document.lineAt(1).text, 'const b = 2;');
    assert.deepEqual(api.rangesOf(editor.document.uri), []);
  });

  it('an accepted inline completion is AI, suggestive, from the inline-completion tool', async () => {
    const editor = await openFile('accept.ts', 'function add(a: number, b: number) {\n  \n}\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    await acceptSuggestion(editor, 'return a + b;');
    const ranges = api.rangesOf(editor.document.uri);
    assert.deepEqual(texts(editor, ranges), ['return a + b;']);
    assert.equal(ranges[0]!.mode, 'suggestive');
    assert.equal(ranges[0]!.tool, 'inline-completion');
    assert.equal(ranges[0]!.edited, false);
  });

  it('a partial accept (next word) is AI for just that word', async () => {
    const editor = await openFile('partial.ts', 'const x = \n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(0, 10, 0, 10);
    await acceptSuggestion(editor, 'computeTotal(items, tax);', 'aiProvenance.inlineSuggest.acceptNextWord');
    const got = texts(editor, api.rangesOf(editor.document.uri));
    assert.equal(got.length, 1);
    assert.ok('computeTotal(items, tax);'.startsWith(got[0]!) && got[0]!.length < 25, `partial: ${got[0]}`);
  });

  it('typing inside an AI range splits it and marks it edited; undo restores it; redo re-applies', async () => {
    const editor = await openFile('edit-inside.ts', '\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await acceptSuggestion(editor, 'const total = price * qty;');
    editor.selection = new vscode.Selection(0, 13, 0, 13);
    await typeText(' 1 +');
    assert.equal(editor.document.lineAt(0).text, 'const total = 1 + price * qty;');
    let ranges = api.rangesOf(editor.document.uri);
    assert.deepEqual(texts(editor, ranges), ['const total =', ' price * qty;']);
    assert.ok(ranges.every((r) => r.edited));

    // Typed words are separate undo stops: undo until the typing is gone, as a user would.
    await waitFor(
      async () => {
        if (editor.document.lineAt(0).text === 'const total = price * qty;') return true;
        await vscode.commands.executeCommand('undo');
        return false;
      },
      5000,
      'undo of the typing',
    );
    ranges = api.rangesOf(editor.document.uri);
    assert.deepEqual(texts(editor, ranges), ['const total = price * qty;']);
    assert.equal(ranges[0]!.edited, false, 'intact again after undo');

    await waitFor(
      async () => {
        if (editor.document.lineAt(0).text.includes('1 +')) return true;
        await vscode.commands.executeCommand('redo');
        return false;
      },
      5000,
      'redo of the typing',
    );
    assert.ok(api.rangesOf(editor.document.uri).every((r) => r.edited));
  });

  it('undo of an AI insertion removes its range and redo restores it', async () => {
    const editor = await openFile('undo-ai.ts', 'let v = ;\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(0, 8, 0, 8);
    await acceptSuggestion(editor, 'compute()');
    assert.equal(api.rangesOf(editor.document.uri).length, 1);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.lineAt(0).text === 'let v = ;', 5000, 'undo');
    assert.deepEqual(api.rangesOf(editor.document.uri), []);
    await vscode.commands.executeCommand('redo');
    await waitFor(() => editor.document.lineAt(0).text === 'let v = compute();', 5000, 'redo');
    assert.deepEqual(texts(editor, api.rangesOf(editor.document.uri)), ['compute()']);
  });

  it('deleting AI text removes it; multi-cursor typing shifts ranges exactly', async () => {
    const editor = await openFile('multi.ts', 'a\nb\nc\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(1, 1, 1, 1);
    await acceptSuggestion(editor, 'ETA');
    editor.selections = [0, 1, 2].map((l) => new vscode.Selection(l, 0, l, 0));
    await typeText('//');
    assert.equal(editor.document.getText(), '//a\n//bETA\n//c\n');
    assert.deepEqual(texts(editor, api.rangesOf(editor.document.uri)), ['ETA']);
    editor.selection = new vscode.Selection(1, 3, 1, 6);
    await vscode.commands.executeCommand('deleteLeft');
    assert.equal(editor.document.lineAt(1).text, '//b');
    assert.deepEqual(api.rangesOf(editor.document.uri), []);
  });

  it('keeps ranges across save, close and reopen, and across edits made while closed', async () => {
    const editor = await openFile('persist.ts', 'export const a = 1;\n\n');
    const uri = editor.document.uri;
    await api.ready(uri);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const greet = 'export function greet(name: string) { return `hi ${name}`; }';
    await acceptSuggestion(editor, greet);
    await editor.document.save();
    await api.reopen(uri);
    assert.deepEqual(texts(editor, api.rangesOf(uri)), [greet]);

    // Someone adds lines above while the file is closed: the range follows its line.
    await api.flush();
    await closeAll();
    writeFileSync(uri.fsPath, '// licence header\n// second line\n' + readFileSync(uri.fsPath, 'utf8'));
    const reopened = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor(() => reopened.document.lineAt(0).text === '// licence header', 10_000, 'the new text');
    await api.reopen(uri);
    const ranges = api.rangesOf(uri).filter((r) => r.kind === 'ai');
    assert.deepEqual(texts(reopened, ranges), [greet]);
    assert.equal(ranges[0]!.start.line, 3);
  });

  it('a file outside any repository keeps its provenance in workspace storage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aip-outside-'));
    const file = join(dir, 'scratch.ts');
    writeFileSync(file, 'const scratch = 1;\n');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(0, 0, 0, 18);
    await vscode.commands.executeCommand('aiProvenance.markSelectionAsAI', { tool: 'aider' });
    await api.reopen(editor.document.uri);
    assert.deepEqual(texts(editor, api.rangesOf(editor.document.uri)), ['const scratch = 1;']);
    assert.equal(existsSync(join(dir, '.git')), false, 'nothing written next to the file');
  });

  it('picks up `ai-provenance mark` from the CLI within a second while the file is open', async () => {
    const editor = await openFile('cli-mark.ts', 'one\ntwo\nthree\nfour\n');
    await api.ready(editor.document.uri);
    const t0 = Date.now();
    const r = await runCli(['mark', '--file', 'cli-mark.ts', '--lines', '2-3', '--tool', 'claude-code', '--model', 'claude-sonnet-4']);
    assert.equal(r.code, 0, r.stderr);
    const ranges = await waitFor(() => (api.rangesOf(editor.document.uri).length ? api.rangesOf(editor.document.uri) : undefined), 3000, 'the CLI mark');
    const latency = Date.now() - t0;
    assert.ok(latency < 1500, `picked up after ${latency} ms`);
    assert.deepEqual(texts(editor, ranges), ['two\nthree\n']);
    assert.equal(ranges[0]!.tool, 'claude-code');
    assert.equal(ranges[0]!.model, 'claude-sonnet-4');
    assert.equal(ranges[0]!.mode, 'agentic');
  });

  it('a file rewritten on disk while open keeps the ranges on lines that did not change', async () => {
    const editor = await openFile('reload.ts', 'alpha();\nbeta();\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    await acceptSuggestion(editor, 'gammaFunctionCall(withArguments);');
    await editor.document.save();
    await api.flush();
    writeFileSync(editor.document.uri.fsPath, '// rewritten by a tool\nalpha();\nbeta();\ngammaFunctionCall(withArguments);');
    await waitFor(() => editor.document.lineAt(0).text.startsWith('// rewritten'), 10_000, 'the editor to reload the file');
    const ranges = await waitFor(() => (api.rangesOf(editor.document.uri).length > 1 ? api.rangesOf(editor.document.uri) : undefined), 5000, 'ranges after reload');
    assert.deepEqual(texts(editor, ranges), ['gammaFunctionCall(withArguments);']);
    // What the tool inserted, nobody claimed: shown as external, not counted as AI.
    const external = ranges.filter((r) => r.kind === 'external').map((r) => editor.document.getText(new vscode.Range(r.start, r.end)));
    assert.deepEqual(external, ['// rewritten by a tool\n']);
  });

  it('decorates AI ranges, distinguishes edited ones, and the toggle hides them', async () => {
    const editor = await openFile('decorate.ts', 'x\ny\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(1, 1, 1, 1);
    await acceptSuggestion(editor, 'ieldValue');
    editor.selection = new vscode.Selection(0, 1, 0, 1);
    await acceptSuggestion(editor, 'AxisLabel');
    editor.selection = new vscode.Selection(0, 5, 0, 5);
    await typeText('_');
    const decorated = await waitFor(() => {
      const d = api.decorationsOf(editor.document.uri);
      return d.ai.length === 1 && d.edited.length === 2 ? d : undefined;
    }, 3000, 'decorations');
    assert.equal(editor.document.getText(decorated.ai[0]), 'ieldValue');
    assert.deepEqual(decorated.edited.map((r) => editor.document.getText(r)), ['Axis', 'Label']);
    await vscode.commands.executeCommand('aiProvenance.toggleDecorations');
    await waitFor(() => api.decorationsOf(editor.document.uri).ai.length === 0, 3000, 'decorations hidden');
    await vscode.commands.executeCommand('aiProvenance.toggleDecorations');
    await waitFor(() => api.decorationsOf(editor.document.uri).ai.length === 1, 3000, 'decorations shown again');
  });

  it('hover tells origin, tool, mode, model and edited state as plain text', async () => {
    const editor = await openFile('hover.ts', 'const k = 1;\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(0, 0, 0, 12);
    await vscode.commands.executeCommand('aiProvenance.markSelectionAsAI', { tool: 'codex', model: 'gpt-5-codex**bold**', mode: 'agentic' });
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 3));
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /AI Provenance/);
    assert.match(text, /Tool: codex/);
    assert.match(text, /Mode: agentic/);
    assert.match(text, /gpt-5-codex\\\*\\\*bold\\\*\\\*/, 'model is escaped, not rendered as markdown');
    assert.match(text, /Edited by a human: no/);
  });

  it('status bar shows the share of AI lines of the active file', async () => {
    const editor = await openFile('status.ts', 'a();\nb();\nc();\nd();\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(0, 0, 0, 4);
    await vscode.commands.executeCommand('aiProvenance.markSelectionAsAI', { tool: 'aider' });
    const status = await waitFor(() => (api.status().text.includes('25%') ? api.status() : undefined), 3000, 'status bar AI 25%');
    assert.equal(status.summary?.aiLines, 1);
    assert.equal(status.summary?.contentLines, 4);
  });

  it('mark as human and clear provenance', async () => {
    const editor = await openFile('commands.ts', 'one();\ntwo();\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    await vscode.commands.executeCommand('aiProvenance.markSelectionAsAI', { tool: 'cursor' });
    editor.selection = new vscode.Selection(0, 0, 0, 6);
    await vscode.commands.executeCommand('aiProvenance.markSelectionAsHuman');
    assert.deepEqual(texts(editor, api.rangesOf(editor.document.uri)), ['\ntwo();\n']);
    await vscode.commands.executeCommand('aiProvenance.clearFileProvenance', { confirm: false });
    assert.deepEqual(api.rangesOf(editor.document.uri), []);
  });

  it('a corrupt state file is set aside and tracking carries on', async () => {
    const rel = 'corrupt.ts';
    writeFileSync(join(workspaceDir(), rel), 'line one\n');
    assert.equal((await runCli(['mark', '--file', rel, '--lines', '1'])).code, 0);
    const dir = join(workspaceDir(), '.git', 'ai-provenance', 'ledger', 'main');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      if (/"path":\s*"corrupt\.ts"/.test(readFileSync(join(dir, f), 'utf8'))) writeFileSync(join(dir, f), '\u0000garbage{');
    }
    const editor = await openFile(rel);
    await api.ready(editor.document.uri);
    assert.deepEqual(api.rangesOf(editor.document.uri), []);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await acceptSuggestion(editor, 'lineTwo();');
    assert.deepEqual(texts(editor, api.rangesOf(editor.document.uri)), ['lineTwo();']);
    assert.ok(readdirSync(dir).some((f) => f.includes('.corrupt-')));
  });
});
