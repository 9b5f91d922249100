// Commit trailers from inside VS Code: the hook installed through our command, trailers prepared
// and previewed before the commit, a commit made by the built-in Git extension, and the trailers
// read back from git log.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AiProvenanceApi } from '../../../src/editor/api';
import { activateExtension, openFile, waitFor, workspaceDir } from '../helpers';

interface GitRepository {
  readonly rootUri: vscode.Uri;
  add(paths: string[]): Promise<void>;
  commit(message: string): Promise<void>;
  status(): Promise<void>;
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: workspaceDir(), encoding: 'utf8' });

describe('commit trailers from VS Code', function () {
  this.timeout(90_000);
  let api: AiProvenanceApi;
  let repo: GitRepository;

  before(async function () {
    if (!vscode.workspace.isTrusted) this.skip(); // hooks and vscode.git need a trusted workspace
    api = await activateExtension<AiProvenanceApi>();
    const gitApi = (await vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git')!.activate()).getAPI(1);
    const root = realpathSync(workspaceDir());
    repo = await waitFor(() => gitApi.repositories.find((r) => realpathSync(r.rootUri.fsPath) === root), 20_000, 'the workspace repository');
  });

  after(async () => {
    await vscode.commands.executeCommand('aiProvenance.uninstallHook', { root: workspaceDir() });
  });

  it('installs the hook through the command, previews the trailers, and the Git extension commit carries them', async () => {
    const status = await vscode.commands.executeCommand<{ state: string }>('aiProvenance.installHook', { root: workspaceDir() });
    assert.equal(status.state, 'installed');

    const editor = await openFile('infra/commit-me.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n');
    await api.ready(editor.document.uri);
    editor.selection = new vscode.Selection(0, 0, 3, 0);
    await vscode.commands.executeCommand('aiProvenance.markSelectionAsAI', { tool: 'claude-code', model: 'claude-sonnet-4', mode: 'agentic' });
    await editor.document.save();
    await api.flush();
    writeFileSync(join(workspaceDir(), 'notes.txt'), 'written by a person\n');

    await repo.add([editor.document.uri.fsPath, join(workspaceDir(), 'notes.txt')]);
    const previewed = await vscode.commands.executeCommand<{ key: string; value: string }[]>('aiProvenance.prepareTrailers', { root: workspaceDir() });
    assert.deepEqual(
      previewed.map((t) => `${t.key}: ${t.value}`).filter((l) => /^(AI-Origin|AI-Lines|Blast-Radius)/.test(l)),
      ['AI-Origin: ai-generated', 'AI-Lines: 3/4', 'Blast-Radius: critical (iac.terraform)'],
    );

    await repo.commit('Add the bucket');
    const message = git('log', '-1', '--format=%B');
    assert.match(message, /^Add the bucket\n/);
    const trailers = git('log', '-1', '--format=%(trailers:only,unfold)').trim().split('\n');
    assert.deepEqual(trailers, [
      'AI-Origin: ai-generated',
      'AI-Lines: 3/4',
      'AI-Tools: claude-code:agentic',
      'Blast-Radius: critical (iac.terraform)',
      'Assisted-by: Claude:claude-sonnet-4 [claude-code]',
    ]);

    // After the commit the background hook retires the committed lines from the pending state:
    // the editor follows, and its next write does not bring them back.
    await waitFor(() => api.rangesOf(editor.document.uri).length === 0, 15_000, 'committed ranges retired in the editor');
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    await vscode.commands.executeCommand('type', { text: '# later\n' });
    await api.flush();
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(api.rangesOf(editor.document.uri), []);
    assert.match(git('notes', '--ref=ai-provenance', 'show', 'HEAD'), /infra\/commit-me\.tf/);
  });

  it('a commit that bypassed the hook is pointed out afterwards', async () => {
    writeFileSync(join(workspaceDir(), 'bypass.txt'), 'x\n');
    git('add', 'bypass.txt');
    git('-c', 'core.hooksPath=/dev/null', 'commit', '-qm', 'Committed around the hook');
    await repo.status();
    await waitFor(() => api.commitWarnings().some((w) => w.includes('has no AI-Origin trailer')), 10_000, 'the warning about the missing trailer');
  });
});
