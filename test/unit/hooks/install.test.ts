import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAINED_SUFFIX } from '../../../src/git/hooks/script';
import { installHooks } from '../../../src/git/hooks/install';
import { CLI_PATH, HookRepo, NODE, cleanEnv, run, scratchDir } from './helpers';

const LINES = Array.from({ length: 4 }, (_, i) => `export const generatedValue${i} = compute(${i}) * 1000;`).join('\n') + '\n';

describe('hook install, status, uninstall', function () {
  this.timeout(120_000);
  let repo: HookRepo;
  beforeEach(() => {
    repo = new HookRepo();
    repo.write('a.ts', 'export const a = 1;\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
  });
  afterEach(() => repo.dispose());

  const hooks = () => join(repo.gitCommonDir(), 'hooks');
  function status(): { state: string; hooks: { hook: string; state: string; via?: string; detail?: string }[]; problems: string[]; advice: string[]; canInstall: boolean } {
    return JSON.parse(repo.cli(['hook', 'status', '--json'], { allowFail: true }).stdout) as ReturnType<typeof status>;
  }

  it('status before and after install; JSON for the extension', () => {
    assert.equal(status().state, 'missing');
    assert.equal(repo.cli(['hook', 'status'], { allowFail: true }).code, 1);
    repo.install();
    const s = status();
    assert.equal(s.state, 'installed');
    assert.deepEqual(s.hooks.map((h) => `${h.hook}:${h.state}:${h.via}`), ['prepare-commit-msg:installed:hooks-dir', 'commit-msg:installed:hooks-dir', 'post-commit:installed:hooks-dir', 'post-rewrite:installed:hooks-dir']);
    assert.equal(repo.cli(['hook', 'status']).code, 0);
  });

  it('chains existing hooks: theirs keep running with their own verdict, and come back byte for byte', () => {
    const pcm = '#!/bin/sh\n# user prepare-commit-msg\nprintf "\\nTicket: ABC-1\\n" >> "$1"\n';
    const cm = '#!/bin/sh\n# user commit-msg: needs a ticket and sees our trailers\ngrep -q "^Ticket:" "$1" || { echo "no ticket" >&2; exit 3; }\ngrep -q "^AI-Origin:" "$1" || { echo "no AI-Origin" >&2; exit 4; }\n';
    mkdirSync(hooks(), { recursive: true });
    writeFileSync(join(hooks(), 'prepare-commit-msg'), pcm);
    writeFileSync(join(hooks(), 'commit-msg'), cm);
    chmodSync(join(hooks(), 'prepare-commit-msg'), 0o750);
    chmodSync(join(hooks(), 'commit-msg'), 0o700);
    repo.install();
    assert.ok(existsSync(join(hooks(), `prepare-commit-msg${CHAINED_SUFFIX}`)));
    repo.write('a.ts', `export const a = 1;\n${LINES}`);
    repo.mark('a.ts', '2-3', 'cursor');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'With ticket');
    assert.equal(repo.message(), 'With ticket\n\nTicket: ABC-1\nAI-Origin: ai-generated\nAI-Lines: 2/4\nAI-Tools: cursor:agentic\nBlast-Radius: low\n');
    // Their commit-msg still decides: without the ticket the commit fails with their status.
    writeFileSync(join(hooks(), `prepare-commit-msg${CHAINED_SUFFIX}`), '#!/bin/sh\nexit 0\n');
    repo.write('a.ts', 'export const a = 2;\n');
    repo.git('add', '.');
    const r = repo.run(['commit', '-q', '-m', 'No ticket'], { allowFail: true });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no ticket/);
    // A failing chained prepare-commit-msg aborts the commit as it did before us.
    writeFileSync(join(hooks(), `prepare-commit-msg${CHAINED_SUFFIX}`), '#!/bin/sh\nexit 7\n');
    assert.notEqual(repo.run(['commit', '-q', '-m', 'x'], { allowFail: true }).code, 0);
    writeFileSync(join(hooks(), `prepare-commit-msg${CHAINED_SUFFIX}`), pcm);
    chmodSync(join(hooks(), `prepare-commit-msg${CHAINED_SUFFIX}`), 0o750);
    repo.cli(['hook', 'uninstall']);
    assert.equal(readFileSync(join(hooks(), 'prepare-commit-msg'), 'utf8'), pcm);
    assert.equal(readFileSync(join(hooks(), 'commit-msg'), 'utf8'), cm);
    assert.equal(statSync(join(hooks(), 'prepare-commit-msg')).mode & 0o777, 0o750);
    assert.equal(statSync(join(hooks(), 'commit-msg')).mode & 0o777, 0o700);
    assert.equal(existsSync(join(hooks(), 'post-commit')), false);
    assert.equal(existsSync(join(hooks(), `commit-msg${CHAINED_SUFFIX}`)), false);
    assert.equal(status().state, 'missing');
  });

  it('install twice is a repair, not a second chain', () => {
    mkdirSync(hooks(), { recursive: true });
    writeFileSync(join(hooks(), 'post-commit'), '#!/bin/sh\necho theirs\n');
    chmodSync(join(hooks(), 'post-commit'), 0o755);
    repo.install();
    repo.install();
    assert.equal(readFileSync(join(hooks(), `post-commit${CHAINED_SUFFIX}`), 'utf8'), '#!/bin/sh\necho theirs\n');
    repo.cli(['hook', 'uninstall']);
    assert.equal(readFileSync(join(hooks(), 'post-commit'), 'utf8'), '#!/bin/sh\necho theirs\n');
  });

  it('bypassed: another tool replaced or deleted ours, or core.hooksPath moved; install repairs', () => {
    repo.install();
    writeFileSync(join(hooks(), 'prepare-commit-msg'), '#!/bin/sh\necho replaced\n');
    let s = status();
    assert.equal(s.state, 'bypassed');
    assert.match(s.problems.join('\n'), /replaced by another tool/);
    repo.install();
    assert.equal(status().state, 'installed');
    // simple-git-hooks style: deleted without a trace.
    rmSync(join(hooks(), 'commit-msg'));
    assert.equal(status().state, 'bypassed');
    repo.install();
    mkdirSync(repo.path('.git/other-hooks'), { recursive: true });
    repo.git('config', 'core.hooksPath', '.git/other-hooks');
    s = status();
    assert.equal(s.state, 'bypassed');
    assert.match(s.problems.join('\n'), /core\.hooksPath changed/);
    repo.install();
    assert.equal(status().state, 'installed');
  });

  it('stale: the recorded CLI or runtime no longer exists', () => {
    const dir = scratchDir('aip-stale-');
    const cli = join(dir, 'cli.js');
    writeFileSync(cli, readFileSync(CLI_PATH));
    repo.cli(['hook', 'install', '--node', NODE, '--cli', cli]);
    assert.equal(status().state, 'installed');
    rmSync(dir, { recursive: true, force: true });
    const s = status();
    assert.equal(s.state, 'stale');
    assert.match(s.problems.join('\n'), /no longer exists/);
  });

  it('refuses a global core.hooksPath and a tracked hooks dir', () => {
    const home = cleanEnv().GIT_CONFIG_GLOBAL!;
    const globalHooks = scratchDir('aip-global-hooks-');
    run('git', ['config', '--file', home, 'core.hooksPath', globalHooks], repo.root);
    try {
      const r = repo.install.bind(repo);
      assert.throws(() => r(), /global git configuration/);
      assert.equal(existsSync(join(globalHooks, 'prepare-commit-msg')), false);
      const s = status();
      assert.equal(s.canInstall, false);
    } finally {
      run('git', ['config', '--file', home, '--unset', 'core.hooksPath'], repo.root);
      rmSync(globalHooks, { recursive: true, force: true });
    }
    // A local core.hooksPath outside the repository may be shared by other repositories.
    const shared = scratchDir('aip-shared-hooks-');
    repo.git('config', 'core.hooksPath', shared);
    assert.throws(() => repo.install(), /outside this repository/);
    assert.equal(existsSync(join(shared, 'prepare-commit-msg')), false);
    rmSync(shared, { recursive: true, force: true });
    repo.write('.githooks/pre-commit', '#!/bin/sh\nexit 0\n');
    repo.git('add', '.githooks');
    repo.git('commit', '-qm', 'team hooks');
    repo.git('config', 'core.hooksPath', '.githooks');
    assert.throws(() => repo.install(), /part of the work tree/);
    assert.equal(existsSync(repo.path('.githooks/prepare-commit-msg')), false);
  });

  it('git >= 2.54: config-based hooks (decision and config written; git 2.39 does not run them)', async () => {
    const result = await installHooks(repo.root, {
      env: cleanEnv(),
      runtime: { node: NODE, cli: CLI_PATH },
      layout: { gitVersion: [2, 54, 0], hooksDir: hooks(), hooksDirShared: false, huskyRunner: false },
    });
    assert.equal(result.method, 'config');
    assert.match(repo.git('config', '--get', 'hook.ai-provenance-prepare-commit-msg.command'), /ai-provenance\/hooks\/prepare-commit-msg'/);
    assert.equal(repo.git('config', '--get', 'hook.ai-provenance-commit-msg.event').trim(), 'commit-msg');
    assert.equal(existsSync(join(hooks(), 'prepare-commit-msg')), false);
    repo.cli(['hook', 'uninstall']);
    assert.equal(repo.run(['config', '--get-regexp', '^hook\\.'], { allowFail: true }).stdout, '');
  });

  it('worktrees share the hooks; each keeps its own ledger', () => {
    repo.install();
    const wt = `${repo.root}-wt`;
    repo.git('worktree', 'add', '-q', wt);
    try {
      const w = new HookRepo({ root: wt, init: false });
      w.write('a.ts', `export const a = 1;\n${LINES}`);
      w.mark('a.ts', '2-5', 'codex', 'gpt-5');
      w.git('add', '.');
      w.git('commit', '-q', '-m', 'From a worktree');
      assert.deepEqual(w.ours(), ['AI-Origin: ai-generated', 'AI-Lines: 4/4', 'AI-Tools: codex:agentic', 'Blast-Radius: low', 'Assisted-by: Codex:gpt-5 [codex]']);
      assert.ok(existsSync(join(repo.gitCommonDir(), 'ai-provenance', 'ledger')));
    } finally {
      run('git', ['worktree', 'remove', '--force', wt], repo.root, { allowFail: true });
      rmSync(wt, { recursive: true, force: true });
    }
  });

  it('submodules have their own hooks dir', async () => {
    const inner = new HookRepo({ prefix: 'aip-sub-src-' });
    inner.write('s.ts', 'export const s = 1;\n');
    inner.git('add', '.');
    inner.git('commit', '-qm', 'sub base');
    try {
      repo.run(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner.root, 'sub']);
      repo.git('commit', '-qm', 'add sub');
      repo.install();
      const sub = new HookRepo({ root: repo.path('sub'), init: false });
      sub.git('config', 'user.name', 'Test User');
      sub.git('config', 'user.email', 'test@example.com');
      const subHooks = sub.git('rev-parse', '--path-format=absolute', '--git-path', 'hooks').trim();
      assert.match(subHooks, /\.git\/modules\/sub\/hooks$/);
      assert.equal(existsSync(join(subHooks, 'prepare-commit-msg')), false);
      sub.install();
      assert.ok(existsSync(join(subHooks, 'prepare-commit-msg')));
      sub.write('s.ts', `export const s = 1;\n${LINES}`);
      sub.mark('s.ts', '2-3', 'aider', 'gpt-4o');
      sub.git('add', '.');
      sub.git('commit', '-q', '-m', 'In the submodule');
      assert.deepEqual(sub.ours(), ['AI-Origin: ai-generated', 'AI-Lines: 2/4', 'AI-Tools: aider:agentic', 'Blast-Radius: low', 'Assisted-by: Aider:gpt-4o [aider]']);
      await sub.idle();
    } finally {
      await inner.dispose();
    }
  });
});
