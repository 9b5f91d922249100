import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { STARTER_POLICY } from '../../../src/core/policy';
import { captureIO, gitInit, projectRoot, tempDir } from './helpers';

const BROKEN = ['{', '  // a comment is fine', '  "rules": [', '    { "id": "x", "match": "infra/**", "tier": "hgh", "reason": "R." }', '  ],', '  "unknownProvenance": "maybe"', '}', ''].join('\n');

describe('policy: CLI', () => {
  let tmp: { dir: string; dispose(): void };
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.dispose());

  describe('policy check', () => {
    it('without a policy file reports that the defaults apply, exit 0', async () => {
      gitInit(tmp.dir);
      const io = captureIO(tmp.dir);
      assert.equal(await runCli(['policy', 'check'], io), 0);
      assert.match(io.stdout(), /^No \.ai-provenance\.json in .*; the built-in defaults apply: extends defaults; \d+ path rules/);
    });

    it('prints file:line:col per problem and exits 1 on errors, from a subdirectory (repo root via git)', async () => {
      gitInit(tmp.dir);
      writeFileSync(join(tmp.dir, '.ai-provenance.json'), BROKEN);
      mkdirSync(join(tmp.dir, 'src', 'deep'), { recursive: true });
      const io = captureIO(join(tmp.dir, 'src', 'deep'));
      assert.equal(await runCli(['policy', 'check'], io), 1);
      const file = join(tmp.dir, '.ai-provenance.json');
      assert.equal(
        io.stdout(),
        [
          `${file}:4:47: error: rules[0].tier: expected one of "low", "medium", "high", "critical", found "hgh"`,
          `${file}:6:24: error: unknownProvenance: expected one of "allow", "warn", "fail", found "maybe"`,
          '2 error(s), 0 warning(s); the built-in defaults apply until the errors are fixed.',
          '',
        ].join('\n'),
      );
    });

    it('shows paths relative to the current directory when inside it', async () => {
      gitInit(tmp.dir);
      writeFileSync(join(tmp.dir, '.ai-provenance.json'), BROKEN);
      const io = captureIO(tmp.dir);
      assert.equal(await runCli(['policy', 'check'], io), 1);
      assert.match(io.stdout(), /^\.ai-provenance\.json:4:47: error: /);
    });

    it('OK summary for a valid file, with warnings and CODEOWNERS', async () => {
      gitInit(tmp.dir);
      writeFileSync(join(tmp.dir, '.ai-provenance.json'), '{ "rules": [ { "id": "a", "match": "a/**", "tier": "high", "reason": "A." } ], "tierz": 1 }');
      mkdirSync(join(tmp.dir, '.github'));
      writeFileSync(join(tmp.dir, '.github', 'CODEOWNERS'), '/a/ @team\n');
      const io = captureIO(tmp.dir);
      assert.equal(await runCli(['policy', 'check'], io), 0);
      const lines = io.stdout().trimEnd().split('\n');
      assert.equal(lines[0], '.ai-provenance.json:1:80: warning: tierz: unknown property (ignored); did you mean "tiers"?');
      assert.match(lines[1]!, /^OK: \.ai-provenance\.json: extends defaults; \d+ path rules \(\d+ built-in, 1 repo\), \d+ content rules; CODEOWNERS: \.github\/CODEOWNERS \(1 entries\); 1 warning\(s\)\.$/);
    });

    it('--file validates another file; --repo picks the repository; not a git repo falls back to the directory', async () => {
      // No git init: the directory itself is the root.
      writeFileSync(join(tmp.dir, 'candidate.json'), '{ "extends": "none" }');
      writeFileSync(join(tmp.dir, '.ai-provenance.json'), BROKEN);
      const io = captureIO('/');
      assert.equal(await runCli(['policy', 'check', '--repo', tmp.dir, '--file', join(tmp.dir, 'candidate.json')], io), 0);
      assert.match(io.stdout(), /^OK: .*candidate\.json: extends none; 0 path rules/);
      const io2 = captureIO('/');
      assert.equal(await runCli(['policy', 'check', '--repo', tmp.dir], io2), 1);
    });

    it('usage errors exit 2', async () => {
      const io = captureIO(tmp.dir);
      assert.equal(await runCli(['policy', 'check', '--bogus'], io), 2);
      assert.match(io.stderr(), /Unknown option '--bogus'/);
      const io2 = captureIO(tmp.dir);
      assert.equal(await runCli(['policy', 'check', '--file', 'missing.json'], io2), 2);
      assert.match(io2.stderr(), /--file: 'missing.json' does not exist/);
      const io3 = captureIO(tmp.dir);
      assert.equal(await runCli(['policy', 'check', '--repo', join(tmp.dir, 'nope')], io3), 2);
    });
  });

  describe('policy explain', () => {
    it('prints tier, deciding rule, every matching rule and the gates', async () => {
      gitInit(tmp.dir);
      writeFileSync(join(tmp.dir, '.ai-provenance.json'), '{ "rules": [ { "id": "sandbox", "match": "infra/sandbox/", "tier": "low", "reason": "Throwaway." } ] }');
      const io = captureIO(tmp.dir);
      assert.equal(await runCli(['policy', 'explain', 'infra/prod/main.tf', 'infra/sandbox/main.tf', 'README.md'], io), 0);
      assert.equal(
        io.stdout(),
        [
          'infra/prod/main.tf: critical (decided by iac.terraform)',
          '  * iac.terraform  critical  built-in    Terraform/OpenTofu provisions (and can destroy) real infrastructure.',
          '    gates: 2 reviewers, trailer required, editor warning',
          '',
          'infra/sandbox/main.tf: low (decided by sandbox)',
          '    iac.terraform  critical  built-in    Terraform/OpenTofu provisions (and can destroy) real infrastructure.',
          '  * sandbox        low       repo        Throwaway.',
          '    gates: 0 reviewers',
          '',
          'README.md: low (no rule matches)',
          '    gates: 0 reviewers',
          '',
        ].join('\n'),
      );
    });

    it('--json, paths relative to the current directory, strange names', async () => {
      gitInit(tmp.dir);
      mkdirSync(join(tmp.dir, 'src'));
      const io = captureIO(join(tmp.dir, 'src'));
      assert.equal(await runCli(['policy', 'explain', '--json', 'auth/ü ber.ts', '..\\.env', '../docs/x.md'], io), 0);
      const out = JSON.parse(io.stdout()) as { repoRoot: string; policyFile: null; paths: { input: string; path: string; tier: string; decidedBy: string | null; rules: { id: string }[]; requirements: { reviewers: number } }[] };
      assert.equal(out.repoRoot, tmp.dir);
      assert.equal(out.policyFile, null);
      assert.deepEqual(
        out.paths.map((p) => [p.input, p.path, p.tier, p.decidedBy]),
        [
          ['auth/ü ber.ts', 'src/auth/ü ber.ts', 'high', 'auth.code'],
          // Backslashes are separators everywhere (a typed Windows path), so this is the root .env.
          ['..\\.env', '.env', 'critical', 'secrets.env-files'],
          ['../docs/x.md', 'docs/x.md', 'low', null],
        ],
      );
      assert.equal(out.paths[0]!.requirements.reviewers, 1);
    });

    it('--repo makes relative paths repository-relative; warns when the policy is broken', async () => {
      gitInit(tmp.dir);
      writeFileSync(join(tmp.dir, '.ai-provenance.json'), BROKEN);
      const io = captureIO('/');
      assert.equal(await runCli(['policy', 'explain', '--repo', tmp.dir, 'infra/main.tf'], io), 0);
      assert.match(io.stdout(), /^infra\/main\.tf: critical \(decided by iac\.terraform\)/);
      assert.match(io.stderr(), /has errors \(see 'ai-provenance policy check'\); using the built-in defaults/);
    });

    it('rejects paths outside the repository and a missing path', async () => {
      gitInit(tmp.dir);
      const io = captureIO(tmp.dir);
      assert.equal(await runCli(['policy', 'explain', '../elsewhere.tf'], io), 2);
      assert.match(io.stderr(), /is not a path inside the repository/);
      assert.equal(await runCli(['policy', 'explain'], captureIO(tmp.dir)), 2);
    });
  });

  describe('policy init', () => {
    it('writes the starter at the repository root and refuses to overwrite', async () => {
      gitInit(tmp.dir);
      mkdirSync(join(tmp.dir, 'sub'));
      const io = captureIO(join(tmp.dir, 'sub'));
      assert.equal(await runCli(['policy', 'init'], io), 0);
      const file = join(tmp.dir, '.ai-provenance.json');
      assert.equal(readFileSync(file, 'utf8'), STARTER_POLICY);
      writeFileSync(file, '{ "mine": true }');
      const io2 = captureIO(tmp.dir);
      assert.equal(await runCli(['policy', 'init'], io2), 1);
      assert.match(io2.stderr(), /already exists; not overwritten/);
      assert.equal(readFileSync(file, 'utf8'), '{ "mine": true }');
      const io3 = captureIO(tmp.dir);
      assert.equal(await runCli(['policy', 'check'], io3), 0, io3.stdout());
    });
  });

  it('runs as a real process: exit codes reach the shell', () => {
    gitInit(tmp.dir);
    writeFileSync(join(tmp.dir, '.ai-provenance.json'), BROKEN);
    const main = join(projectRoot(), 'out', 'src', 'cli', 'main.js');
    const r = spawnSync(process.execPath, [main, 'policy', 'check'], { cwd: tmp.dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /\.ai-provenance\.json:4:47: error:/);
  });
});
