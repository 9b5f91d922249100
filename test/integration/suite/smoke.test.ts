// Proves the harness itself: the right workspace, the extension under test, the built-in git
// extension, editing, the CLI and screenshots all reach the tests.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, openFile, runCli, screenshot, waitFor, workspaceDir } from '../helpers';

/** The slice of vscode.git's API (extensions/git/src/api/git.d.ts) this suite uses. */
interface GitApi {
  readonly repositories: readonly { readonly rootUri: vscode.Uri }[];
}
interface GitExtension {
  getAPI(version: 1): GitApi;
}

describe('harness smoke', () => {
  it('activates the extension and returns its API', async () => {
    const api = await activateExtension<{ version?: unknown }>();
    assert.equal(typeof api.version, 'string');
  });

  it('opens the temp git repository created by the runner as the only workspace folder', () => {
    const dir = workspaceDir();
    assert.deepEqual(
      vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath),
      [dir],
    );
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    assert.equal(realpathSync(git('rev-parse', '--show-toplevel')), realpathSync(dir));
    // The subject is set by test/harness/runDir.ts: any other repository (the project's own, a
    // developer's) fails here.
    // Other suites commit in this repository too; its first commit is the runner's.
    assert.equal(git('log', '--reverse', '--format=%s').split('\n')[0], 'aip-test: initial commit');
  });

  it('trusts the workspace unless the run asked for workspace trust (AIP_IT_TRUST=0)', () => {
    assert.equal(vscode.workspace.isTrusted, process.env.AIP_IT_TRUST !== '0');
  });

  it('has the built-in git extension, and it discovers the workspace repository', async function () {
    // vscode.git does not run in Restricted Mode.
    if (!vscode.workspace.isTrusted) this.skip();
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    assert.ok(extension, 'vscode.git is not loaded');
    const gitApi = (await extension.activate()).getAPI(1);
    const dir = realpathSync(workspaceDir());
    await waitFor(
      () => gitApi.repositories.find((r) => realpathSync(r.rootUri.fsPath) === dir),
      20_000,
      `vscode.git to open ${dir}`,
    );
  });

  it('inserts text with TextEditor.edit', async () => {
    const editor = await openFile('smoke/edit.txt', 'const answer = 42;\n');
    const applied = await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// inserted\n'));
    assert.ok(applied, 'edit was not applied');
    assert.equal(editor.document.getText(), '// inserted\nconst answer = 42;\n');
    await screenshot('smoke-edit');
    assert.ok(await editor.document.save(), 'save failed');
  });

  it('runs the built CLI with the runner\'s Node', async () => {
    const api = await activateExtension<{ version: string }>();
    const result = await runCli(['--version']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), api.version);
  });
});
