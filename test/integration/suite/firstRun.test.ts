// First-run helpers in the real extension host: the example warning of the walkthrough, and the
// `ai-provenance` command for the integrated terminal.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AiProvenanceApi } from '../../../src/editor/api';
import { activateExtension, waitFor, workspaceDir } from '../helpers';

describe('first run', function () {
  this.timeout(60_000);
  let api: AiProvenanceApi;
  before(async () => {
    api = await activateExtension<AiProvenanceApi>();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the example opens an unsaved AI change and its risky lines land in the Problems panel', async () => {
    await vscode.commands.executeCommand('aiProvenance.showExample');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.isUntitled, true, 'nothing written to disk');
    assert.ok(api.rangesOf(editor.document.uri).some((r) => r.tool === 'example-agent'));
    const codes = await waitFor(() => {
      const c = vscode.languages
        .getDiagnostics(editor.document.uri)
        .filter((d) => d.source === 'AI Provenance')
        .map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
      return c.length >= 2 ? c.sort() : undefined;
    }, 5000, 'example diagnostics');
    assert.deepEqual(codes, ['iac.deletion-protection-off', 'iac.skip-final-snapshot']);
  });

  it('puts a working ai-provenance command on the terminal PATH', async () => {
    const bin = await vscode.commands.executeCommand<string>('aiProvenance.addCliToTerminalPath');
    const out = execFileSync('sh', [join(bin, 'ai-provenance'), '--version'], { encoding: 'utf8' }).trim();
    assert.equal(out, api.version);
    await vscode.commands.executeCommand('aiProvenance.removeCliFromTerminalPath');
  });
});

describe('connect AI agents', function () {
  this.timeout(60_000);
  it('writes the Claude Code hook into the repository and disconnect removes exactly that', async () => {
    await activateExtension();
    const settings = join(workspaceDir(), '.claude', 'settings.json');
    const changes = await vscode.commands.executeCommand<{ agent: string; action: string }[]>('aiProvenance.connectAgents', { agents: ['claude-code'], scope: 'repo', confirm: false });
    assert.ok(changes.some((c) => c.agent === 'claude-code' && c.action === 'created'), JSON.stringify(changes));
    assert.ok(existsSync(settings), JSON.stringify(changes));
    const config = JSON.parse(readFileSync(settings, 'utf8')) as { hooks: { PostToolUse: { matcher: string; hooks: { command: string }[] }[] } };
    const entry = config.hooks.PostToolUse.find((h) => h.hooks.some((x) => x.command.includes('ai-provenance-hook')));
    assert.ok(entry, 'our PostToolUse hook');
    assert.match(entry.matcher, /Edit/);
    await vscode.commands.executeCommand('aiProvenance.disconnectAgents', { agents: ['claude-code'], scope: 'repo' });
    assert.equal(existsSync(settings), false, 'the file it created is gone again');
  });
});
