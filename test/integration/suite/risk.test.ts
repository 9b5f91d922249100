// Protected paths and inline risk warnings in the real extension host: diagnostics, warning
// tint, hover, CodeLens, the Blast radius view and status, notifications, reviews, and the
// broken-policy path.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AiProvenanceApi } from '../../../src/editor/api';
import { activateExtension, openFile, runCli, sleep, waitFor, workspaceDir } from '../helpers';

let api: AiProvenanceApi;

function diagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'AI Provenance');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/\\([()[\]*_.-])/g, '$1');
}

async function markAi(editor: vscode.TextEditor, range: vscode.Range, tool = 'claude-code'): Promise<void> {
  editor.selection = new vscode.Selection(range.start, range.end);
  await vscode.commands.executeCommand('aiProvenance.markSelectionAsAI', { tool, mode: 'agentic' });
}

describe('risk warnings', function () {
  this.timeout(60_000);

  before(async () => {
    api = await activateExtension<AiProvenanceApi>();
  });

  afterEach(async () => {
    rmSync(join(workspaceDir(), '.ai-provenance.json'), { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('AI code in a critical path: diagnostic with the rule id, tint, hover, CodeLens', async () => {
    const editor = await openFile('infra/main.tf', 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n');
    await api.ready(editor.document.uri);
    await markAi(editor, new vscode.Range(0, 0, 3, 0));
    const diags = await waitFor(() => (diagnostics(editor.document.uri).length ? diagnostics(editor.document.uri) : undefined), 3000, 'risk diagnostic');
    assert.equal(codeOf(diags[0]!), 'iac.terraform');
    assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diags[0]!.message, /critical-risk path.*Terraform.*needs 2 reviewers/);
    assert.ok(api.riskTintOf(editor.document.uri).length > 0);
    const hover = await hoverText(editor.document.uri, new vscode.Position(1, 4));
    assert.match(hover, /Blast radius: critical/);
    assert.match(hover, /needs 2 reviewers/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /AI: 3 of 3 lines \(100%\).*Blast radius: critical \(iac\.terraform\)/.test(t)), titles.join(' | '));
  });

  it('human code in a critical path raises nothing', async () => {
    const editor = await openFile('infra/human.tf', 'variable "region" {}\n');
    await api.ready(editor.document.uri);
    await sleep(400);
    assert.deepEqual(diagnostics(editor.document.uri), []);
    assert.equal((await api.risk(editor.document.uri))?.tier, 'low');
  });

  it('destructive patterns inside AI text are flagged anywhere; the same text typed by a person is not', async () => {
    const editor = await openFile('src/cleanup.ts', 'const q1 = "DELETE FROM users;";\nconst q2 = "DELETE FROM users;";\n');
    await api.ready(editor.document.uri);
    await markAi(editor, new vscode.Range(0, 0, 0, 32));
    const diags = await waitFor(() => (diagnostics(editor.document.uri).length ? diagnostics(editor.document.uri) : undefined), 3000, 'content finding');
    assert.deepEqual(diags.map(codeOf), ['sql.delete-without-where']);
    assert.equal(diags[0]!.range.start.line, 0, 'only the AI line');
    assert.equal((await api.risk(editor.document.uri))?.tier, 'critical');
  });

  it('the Blast radius view lists uncommitted AI changes by tier, open and closed files, and the status shows the highest', async () => {
    const editor = await openFile('deploy/k8s/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\n');
    await api.ready(editor.document.uri);
    await markAi(editor, new vscode.Range(0, 0, 2, 0));
    const closedRel = 'db/migrations/002_add.sql';
    mkdirSync(join(workspaceDir(), 'db', 'migrations'), { recursive: true });
    writeFileSync(join(workspaceDir(), closedRel), 'ALTER TABLE orders ADD COLUMN note text;\n');
    assert.equal((await runCli(['mark', '--file', closedRel, '--tool', 'codex'])).code, 0);
    const entries = await waitFor(async () => {
      const e = await api.blastRadius();
      return e.some((x) => x.path === closedRel) && e.some((x) => x.path === 'deploy/k8s/deployment.yaml') ? e : undefined;
    }, 5000, 'blast radius entries');
    const closed = entries.find((x) => x.path === closedRel)!;
    assert.equal(closed.tier, 'critical');
    assert.deepEqual(closed.rules, ['db.migrations']);
    assert.equal(closed.ranges[0]!.startLine, 0);
    assert.equal(entries[0]!.tier, 'critical', 'sorted by tier, highest first');
  });

  it('a broken policy file is reported with line and column, and the defaults keep applying', async () => {
    writeFileSync(join(workspaceDir(), '.ai-provenance.json'), '{\n  "rules": [\n    { "id": "x", "match": 42 }\n  ]\n}\n');
    const policyUri = vscode.Uri.file(join(workspaceDir(), '.ai-provenance.json'));
    const problems = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(policyUri).filter((x) => x.source === 'AI Provenance');
      return d.length ? d : undefined;
    }, 5000, 'policy problems');
    assert.ok(problems.some((p) => p.range.start.line === 2 && p.severity === vscode.DiagnosticSeverity.Error), problems.map((p) => `${p.range.start.line}:${p.message}`).join('\n'));
    const editor = await openFile('infra/still.tf', 'resource "x" "y" {}\n');
    await api.ready(editor.document.uri);
    await markAi(editor, new vscode.Range(0, 0, 1, 0));
    await waitFor(() => diagnostics(editor.document.uri).some((d) => codeOf(d) === 'iac.terraform'), 3000, 'defaults still apply');
  });

  it('a policy change re-rates open files within a second', async () => {
    const editor = await openFile('src/billing/charge.ts', 'export const charge = () => 1;\n');
    await api.ready(editor.document.uri);
    await markAi(editor, new vscode.Range(0, 0, 1, 0));
    await sleep(300);
    const before = (await api.risk(editor.document.uri))?.tier;
    writeFileSync(
      join(workspaceDir(), '.ai-provenance.json'),
      '// ours\n{ "rules": [ { "id": "team.charge", "match": ["src/billing/charge.ts"], "tier": "critical", "reason": "Moves money." } ] }\n',
    );
    const t0 = Date.now();
    await waitFor(() => diagnostics(editor.document.uri).some((d) => codeOf(d) === 'team.charge'), 3000, 'the new rule');
    assert.ok(Date.now() - t0 < 1500, `re-rated after ${Date.now() - t0} ms`);
    assert.notEqual(before, 'critical');
  });

  it('an agent writing into a critical path is announced once per file; reviews show in the hover', async () => {
    const rel = 'infra/network.tf';
    const editor = await openFile(rel, 'resource "aws_vpc" "main" {}\nresource "aws_subnet" "a" {}\n');
    await api.ready(editor.document.uri);
    assert.equal((await runCli(['mark', '--file', rel, '--lines', '1', '--tool', 'claude-code'])).code, 0);
    await waitFor(() => api.notifications().some((n) => n.includes(rel)), 4000, 'the notification');
    assert.equal((await runCli(['mark', '--file', rel, '--lines', '2', '--tool', 'claude-code'])).code, 0);
    await waitFor(() => api.rangesOf(editor.document.uri).length === 2, 4000, 'second mark');
    await sleep(500);
    assert.equal(api.notifications().filter((n) => n.includes(rel)).length, 1, 'no second notification');
    const n = await vscode.commands.executeCommand<number>('aiProvenance.markReviewed', { uri: editor.document.uri.toString(), wholeFile: true, by: 'Rita Reviewer' });
    assert.equal(n, 2);
    assert.match(await hoverText(editor.document.uri, new vscode.Position(0, 3)), /Reviewed: Rita Reviewer/);
  });
});
