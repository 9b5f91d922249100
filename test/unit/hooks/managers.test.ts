import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { managerLine } from '../../../src/git/hooks/layout';
import { HookRepo, NODE, cleanEnv } from './helpers';

/**
 * Our hooks next to the hook managers people use, really installed from npm (cached in the temp
 * dir by version so the suite stays fast): they keep running, we keep working, and `status`
 * tells when a manager undid our install.
 */

const VERSIONS = { husky: '9.1.7', lefthook: '2.2.2', 'simple-git-hooks': '2.14.0' };
const CACHE = join(tmpdir(), `aip-hook-managers-${Object.entries(VERSIONS).map(([k, v]) => `${k}@${v}`).join('-')}`);

/** node_modules with the three managers, or undefined when npm cannot fetch them (offline). */
function managers(): string | undefined {
  const modules = join(CACHE, 'node_modules');
  if (existsSync(join(modules, '.aip-complete'))) return modules;
  mkdirSync(CACHE, { recursive: true });
  const r = spawnSync('npm', ['install', '--prefix', CACHE, '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', ...Object.entries(VERSIONS).map(([k, v]) => `${k}@${v}`)], {
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error' },
    timeout: 240_000,
  });
  if (r.status !== 0 || !existsSync(join(modules, 'husky'))) return undefined;
  writeFileSync(join(modules, '.aip-complete'), '');
  return modules;
}

const EXPECTED = ['AI-Origin: ai-generated', 'AI-Lines: 2/3', 'AI-Tools: claude-code:agentic', 'Blast-Radius: low'];

describe('hook managers (real husky 9, lefthook 2, simple-git-hooks 2)', function () {
  this.timeout(300_000);
  let modules: string;
  let repo: HookRepo;

  before(function () {
    const m = managers();
    if (!m) {
      console.warn('      (npm registry unreachable: hook manager tests skipped)');
      this.skip();
    }
    modules = m!;
  });

  beforeEach(() => {
    repo = new HookRepo({ prefix: 'aip-mgr-' });
    repo.write('package.json', '{ "name": "fixture", "version": "1.0.0", "private": true }\n');
    repo.write('src/x.ts', 'export const x = 1;\n');
    symlinkSync(modules, repo.path('node_modules'));
    repo.write('.gitignore', 'node_modules\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
  });
  afterEach(() => repo.dispose());

  function stageAi(n: number): void {
    repo.write('src/x.ts', `export const x = 1;\nexport const generatedAlpha${n} = computeSomething(${n});\nexport const generatedBeta${n} = computeSomething(${n + 1});\nexport const human${n} = ${n};\n`);
    repo.mark('src/x.ts', '2-3', 'claude-code');
    repo.git('add', 'src/x.ts');
  }
  function status(): { state: string; hooks: { hook: string; state: string; via?: string; detail?: string }[]; advice: string[]; manager?: string } {
    return JSON.parse(repo.cli(['hook', 'status', '--json'], { allowFail: true }).stdout) as ReturnType<typeof status>;
  }
  const marker = (name: string) => repo.path(`.git/ran-${name}`);
  const ran = (name: string) => existsSync(marker(name));
  const clearMarkers = () => ['pcm', 'cm', 'pc', 'lefthook-pcm', 'sgh'].forEach((n) => rmSync(marker(n), { force: true }));

  it('husky 9: ours in its generated .husky/_, its hooks still run; the tracked line survives reinstall', () => {
    const husky = () => spawnSync(NODE, [join(modules, 'husky', 'bin.js')], { cwd: repo.root, env: cleanEnv(), encoding: 'utf8' });
    assert.equal(husky().status, 0);
    assert.equal(repo.git('config', 'core.hooksPath').trim(), '.husky/_');
    repo.write('.husky/prepare-commit-msg', `touch ${marker('pcm')}\n`);
    repo.write('.husky/commit-msg', `touch ${marker('cm')}\ngrep -q '^AI-Origin: ' "$1" || { echo "commit-msg: no AI-Origin" >&2; exit 1; }\n`);
    repo.git('add', '.husky');
    repo.git('commit', '-qm', 'husky hooks', '--no-verify');
    const stub = readFileSync(repo.path('.husky/_/prepare-commit-msg'), 'utf8');

    repo.install();
    assert.equal(status().state, 'installed');
    stageAi(1);
    clearMarkers();
    repo.git('commit', '-q', '-m', 'With husky');
    assert.ok(ran('pcm') && ran('cm'), 'husky hooks ran');
    assert.deepEqual(repo.ours(), [...EXPECTED.slice(0, 3), 'Blast-Radius: low']);

    // `husky` again (every npm install): its stubs come back and ours are gone.
    assert.equal(husky().status, 0);
    const s = status();
    assert.equal(s.state, 'bypassed');
    assert.match(s.advice.join('\n'), /\.husky\/prepare-commit-msg/);
    // The durable fix: one line in each tracked husky hook.
    for (const h of ['prepare-commit-msg', 'commit-msg', 'post-commit'] as const) {
      const file = repo.path(`.husky/${h}`);
      const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
      // commit-msg: ours first, so husky's check sees the trailers.
      writeFileSync(file, h === 'commit-msg' ? `${managerLine(h)}\n${before}` : `${before}${managerLine(h)}\n`);
    }
    assert.equal(status().state, 'installed');
    assert.deepEqual(status().hooks.slice(0, 3).map((h) => h.via), ['manager-line', 'manager-line', 'manager-line']);
    stageAi(2);
    clearMarkers();
    repo.git('commit', '-q', '-m', 'Through the tracked line');
    assert.ok(ran('pcm') && ran('cm'));
    assert.deepEqual(repo.ours(), EXPECTED);
    // Both (stub patched again and the line): trailers once.
    repo.install();
    stageAi(3);
    repo.git('commit', '-q', '-m', 'Both ways');
    assert.deepEqual(repo.ours(), EXPECTED);
    assert.equal(repo.parsed().length, EXPECTED.length);
    repo.cli(['hook', 'uninstall']);
    assert.equal(readFileSync(repo.path('.husky/_/prepare-commit-msg'), 'utf8'), stub);
  });

  it('lefthook 2: chained; a reinstall renames ours to .old and status says so; lefthook-local.yml keeps us', () => {
    const bin = join(modules, 'lefthook-linux-x64', 'bin', 'lefthook');
    if (!existsSync(bin)) return;
    const env = { LEFTHOOK_BIN: bin };
    const lefthook = (...args: string[]) => spawnSync(bin, args, { cwd: repo.root, env: cleanEnv(env), encoding: 'utf8' });
    repo.write('lefthook.yml', `prepare-commit-msg:\n  commands:\n    mark:\n      run: touch ${marker('lefthook-pcm')}\n`);
    assert.equal(lefthook('install').status, 0);
    repo.install();
    assert.equal(status().manager, 'lefthook');
    stageAi(1);
    clearMarkers();
    repo.run(['commit', '-q', '-m', 'With lefthook'], { env });
    assert.ok(ran('lefthook-pcm'), 'lefthook ran');
    assert.deepEqual(repo.ours(), EXPECTED);

    assert.equal(lefthook('install', '--force').status, 0);
    const s = status();
    assert.notEqual(s.state, 'installed');
    assert.ok(s.hooks.some((h) => /\.old/.test(h.detail ?? '')), JSON.stringify(s.hooks));
    // lefthook-local.yml, as the advice says.
    const local = (['prepare-commit-msg', 'commit-msg', 'post-commit'] as const)
      .map((h) => `${h}:\n  commands:\n    ai-provenance:\n      run: '${managerLine(h, h === 'post-commit' ? '' : '{0}').trimEnd()}'\n`)
      .join('');
    writeFileSync(repo.path('lefthook-local.yml'), local);
    assert.equal(lefthook('install', '--force').status, 0);
    assert.equal(status().state, 'installed');
    stageAi(2);
    clearMarkers();
    repo.run(['commit', '-q', '-m', 'Through lefthook-local.yml'], { env });
    assert.ok(ran('lefthook-pcm'));
    assert.deepEqual(repo.ours(), EXPECTED);
  });

  it('simple-git-hooks: chained; its rerun deletes ours (status: bypassed); preserveUnused keeps us', () => {
    const pkg = (extra: string) => repo.write('package.json', `{ "name": "fixture", "version": "1.0.0", "private": true, "simple-git-hooks": { "pre-commit": "touch ${marker('sgh')}"${extra} } }\n`);
    const sgh = () => spawnSync(NODE, [join(modules, 'simple-git-hooks', 'cli.js')], { cwd: repo.root, env: cleanEnv(), encoding: 'utf8' });
    pkg('');
    assert.equal(sgh().status, 0, 'simple-git-hooks ran');
    repo.install();
    assert.equal(status().manager, 'simple-git-hooks');
    stageAi(1);
    clearMarkers();
    repo.git('commit', '-q', '-m', 'With simple-git-hooks');
    assert.ok(ran('sgh'));
    assert.deepEqual(repo.ours(), EXPECTED);

    assert.equal(sgh().status, 0);
    const s = status();
    assert.notEqual(s.state, 'installed');
    assert.match(s.advice.join('\n'), /preserveUnused/);
    pkg(', "preserveUnused": ["prepare-commit-msg", "commit-msg", "post-commit", "post-rewrite"]');
    repo.install();
    assert.equal(sgh().status, 0);
    assert.equal(status().state, 'installed');
    stageAi(2);
    clearMarkers();
    repo.git('commit', '-q', '-m', 'Preserved');
    assert.ok(ran('sgh'));
    assert.deepEqual(repo.ours(), EXPECTED);
  });

  it('pre-commit style: a manager that keeps ours as <hook>.legacy and runs it first', () => {
    repo.install();
    const dir = repo.path('.git/hooks');
    for (const h of ['prepare-commit-msg', 'commit-msg', 'post-commit']) {
      renameSync(join(dir, h), join(dir, `${h}.legacy`));
      writeFileSync(join(dir, h), `#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nHERE="$(cd "$(dirname "$0")" && pwd)"\nif [ -x "$HERE/${h}.legacy" ]; then "$HERE/${h}.legacy" "$@" || exit $?; fi\n`, { mode: 0o755 });
    }
    assert.equal(status().state, 'installed');
    stageAi(1);
    repo.git('commit', '-q', '-m', 'Behind pre-commit');
    assert.deepEqual(repo.ours(), EXPECTED);
  });
});
