import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GateOptions } from '../../../src/gate/gate';
import { runGate } from '../../../src/gate/gate';
import { buildNote, serializeNote } from '../../../src/git/notes';
import type { Finding, GateReport } from '../../../src/gate/model';
import { GateRepo, cli, lines } from './helpers';

const AI = (ai: number, added: number, extra: string[] = []) => ['AI-Origin: ai-generated', `AI-Lines: ${ai}/${added}`, 'AI-Tools: claude-code:agentic', ...extra].join('\n');
const HUMAN = (added: number) => `AI-Origin: human-only\nAI-Lines: 0/${added}`;

function gate(repo: GateRepo, base: string, extra: Partial<GateOptions> = {}): Promise<GateReport> {
  return runGate({ cwd: repo.root, base, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' }, ...extra });
}

const byRule = (r: GateReport, rule: string): Finding[] => r.findings.filter((f) => f.rule === rule);
const errors = (r: GateReport): Finding[] => r.findings.filter((f) => f.severity === 'error');

describe('ai-provenance gate: judging a range', function () {
  this.timeout(60_000);
  let repo: GateRepo;
  let base: string;

  beforeEach(() => {
    repo = new GateRepo();
    base = repo.commit('initial\n', { 'README.md': 'hello\n', 'src/app.ts': lines(10), 'db/schema.sql': 'CREATE TABLE users (id int);\nSELECT 1;\n' });
  });
  afterEach(() => repo.dispose());

  it('passes AI-origin work in low-tier paths and counts the AI share from the trailers', async () => {
    repo.commit(`Add helpers\n\n${AI(4, 5)}\n`, { 'src/util.ts': lines(5) });
    repo.commit(`Docs\n\n${HUMAN(1)}\n`, { 'README.md': 'hello\nworld\n' });
    const r = await gate(repo, base);
    assert.equal(r.verdict, 'pass');
    assert.equal(r.exitCode, 0);
    assert.equal(r.range.commits, 2);
    assert.equal(r.range.mergeBase, base);
    assert.deepEqual(r.summary.origins, { 'ai-generated': 1, 'ai-edited': 0, 'human-only': 1, unknown: 0 });
    assert.equal(r.summary.addedLines, 6);
    assert.equal(r.summary.aiLines, 4);
    assert.equal(r.summary.tier, 'low');
    assert.equal(errors(r).length, 0);
    assert.equal(r.commits[0]!.subject, 'Add helpers', 'oldest first');
  });

  it('fails an AI-origin change to a critical path without approvals, and passes it with enough', async () => {
    repo.commit(`Add infra\n\n${AI(3, 3)}\n`, { 'infra/main.tf': 'resource "x" "y" {\n  a = 1\n}\n' });
    const r = await gate(repo, base);
    assert.equal(r.verdict, 'fail');
    const [f] = byRule(r, 'gate.reviewers');
    assert.ok(f, JSON.stringify(r.findings));
    assert.equal(f.severity, 'error');
    assert.equal(f.tier, 'critical');
    assert.equal(f.file, 'infra/main.tf');
    assert.equal(f.line, 1);
    assert.match(f.message, /needs 2 approvals, has 0/);
    assert.match(f.help, /--approvals/);
    assert.equal(r.tiers[0]!.tier, 'critical');
    assert.equal(r.tiers[0]!.status, 'fail');
    assert.ok(r.offendingFiles.some((o) => o.path === 'infra/main.tf' && o.errors === 1));

    assert.equal((await gate(repo, base, { approvals: 1 })).verdict, 'fail');
    assert.equal((await gate(repo, base, { approvals: 2 })).verdict, 'pass');
  });

  it('counts distinct Reviewed-by/Approved-by trailers, not the author and not the same person twice', async () => {
    repo.commit(`Infra\n\n${AI(1, 1, ['Reviewed-by: Ann <ann@example.com>', 'Approved-by: ANN <Ann@Example.com>', 'Reviewed-by: Test User <test@example.com>'])}\n`, {
      'infra/a.tf': 'x = 1\n',
    });
    let r = await gate(repo, base);
    assert.equal(r.commits[0]!.approvals, 1);
    assert.equal(r.verdict, 'fail');
    repo.commit(`More\n\n${AI(1, 1, ['Reviewed-by: Ann <ann@example.com>', 'Reviewed-by: Bob <bob@example.com>'])}\n`, { 'infra/b.tf': 'y = 1\n' });
    r = await gate(repo, `${base}`);
    assert.equal(r.commits[1]!.approvals, 2);
    assert.equal(byRule(r, 'gate.reviewers').length, 1, 'only the first commit still lacks approvals');
    r = await gate(repo, base, { ignoreReviewTrailers: true });
    assert.equal(byRule(r, 'gate.reviewers').length, 2);
  });

  it('fails outright when the base policy blocks the tier, whatever the approvals', async () => {
    base = repo.commit('policy\n', { '.ai-provenance.json': '{ "tiers": { "high": { "block": true } } }\n' });
    repo.commit(`Dockerfile\n\n${AI(1, 1)}\n`, { Dockerfile: 'FROM node:20\n' });
    const r = await gate(repo, base, { approvals: 5 });
    assert.equal(r.verdict, 'fail');
    const [f] = byRule(r, 'gate.blocked');
    assert.ok(f);
    assert.equal(f.tier, 'high');
    assert.equal(f.file, 'Dockerfile');
    assert.match(f.help, /without AI assistance/);
  });

  it('treats missing provenance as unknown, per unknownProvenance, never as human', async () => {
    repo.commit('no trailers\n', { 'src/x.ts': 'export const x = 1;\n' });
    let r = await gate(repo, base);
    assert.equal(r.commits[0]!.origin, 'unknown');
    assert.equal(r.summary.origins.unknown, 1);
    let [f] = byRule(r, 'gate.unknown-provenance');
    assert.equal(f?.severity, 'warning');
    assert.equal(r.verdict, 'pass');
    assert.equal((await gate(repo, base, { failOn: 'warning' })).verdict, 'fail');

    const fail = repo.commit('policy: fail unknown\n\nAI-Origin: human-only\n', { '.ai-provenance.json': '{ "unknownProvenance": "fail" }\n' });
    repo.commit('again no trailers\n', { 'src/y.ts': 'export const y = 1;\n' });
    r = await gate(repo, fail);
    [f] = byRule(r, 'gate.unknown-provenance');
    assert.equal(f?.severity, 'error');
    assert.equal(r.verdict, 'fail');

    const allow = repo.commit('policy: allow unknown\n\nAI-Origin: human-only\n', { '.ai-provenance.json': '{ "unknownProvenance": "allow" }\n' });
    repo.commit('third\n', { 'src/z.ts': 'export const z = 1;\n' });
    r = await gate(repo, allow);
    [f] = byRule(r, 'gate.unknown-provenance');
    assert.equal(f?.severity, 'note');
    assert.equal(r.verdict, 'pass');
  });

  it('requires trailers where the tier says so (requireTrailer), also for an explicit AI-Origin: unknown', async () => {
    repo.commit('deploy script without trailers\n', { '.github/workflows/ci.yml': 'on: push\n' });
    repo.commit('hook could not tell\n\nAI-Origin: unknown\n', { 'infra/x.tf': 'a = 1\n' });
    const r = await gate(repo, base, { approvals: 3 });
    const missing = byRule(r, 'gate.missing-trailer');
    assert.equal(missing.length, 2, JSON.stringify(r.findings));
    assert.ok(missing.every((f) => f.severity === 'error' && f.tier === 'critical'));
    assert.match(missing[1]!.message, /AI-Origin: unknown/);
    assert.match(missing[0]!.help, /hook install/);
    assert.equal(r.verdict, 'fail');
  });

  it('catches a forged Blast-Radius that claims low on a terraform file, and judges by the recomputed tier', async () => {
    repo.commit(`Tweak\n\n${AI(2, 2, ['Blast-Radius: low'])}\n`, { 'infra/prod.tf': 'resource "a" "b" {}\nforce_destroy = true\n' });
    const r = await gate(repo, base);
    const [m] = byRule(r, 'gate.blast-radius-mismatch');
    assert.ok(m, JSON.stringify(r.findings));
    assert.match(m.message, /claims low.*critical.*iac\.terraform: infra\/prod\.tf/);
    assert.equal(m.file, 'infra/prod.tf');
    assert.equal(r.commits[0]!.recomputed.pathTier, 'critical');
    assert.equal(r.summary.claimedTier, 'low');
    assert.equal(r.summary.tier, 'critical');
    assert.ok(byRule(r, 'gate.reviewers').length === 1, 'requirements use the recomputed tier');
    const content = r.findings.find((f) => f.file === 'infra/prod.tf' && f.line === 2 && !f.rule.startsWith('gate.'));
    assert.ok(content, `content rule on line 2: ${JSON.stringify(r.findings)}`);
  });

  it('does not believe invalid or conflicting trailer values', async () => {
    repo.commit('Bad value\n\nAI-Origin: human\nAI-Lines: 9/3\n', { 'src/a.ts': 'a\n' });
    // A newline injected through a tool name would produce a second, contradicting AI-Origin.
    repo.commit('Injected\n\nAI-Origin: ai-generated\nAI-Tools: x:agentic\nAI-Origin: human-only\nAI-Lines: 1/1\n', { 'src/b.ts': 'b\n' });
    repo.commit('Says human, counts AI\n\nAI-Origin: human-only\nAI-Lines: 1/1\n', { 'src/c.ts': 'c\n' });
    const r = await gate(repo, base);
    const invalid = byRule(r, 'gate.invalid-trailer');
    assert.equal(invalid.length, 2, JSON.stringify(invalid));
    assert.equal(r.commits[0]!.origin, 'unknown', 'an invalid AI-Origin is not believed');
    assert.equal(r.commits[1]!.origin, 'ai-generated', 'conflicting values: worst case');
    assert.equal(r.commits[2]!.origin, 'ai-generated');
    assert.equal(byRule(r, 'gate.conflicting-trailers').length, 2);
  });

  it('flags AI-Lines larger than the lines the commit adds', async () => {
    repo.commit(`Small\n\n${AI(40, 50)}\n`, { 'src/small.ts': 'one\ntwo\n' });
    const r = await gate(repo, base);
    const [f] = byRule(r, 'gate.ai-lines');
    assert.match(f!.message, /claims 40\/50, but the commit adds 2 lines/);
    assert.equal(r.summary.aiLines, 2, 'AI lines are capped at the added lines');
  });

  it('judges a pull request that loosens the policy by the base revision\'s policy', async () => {
    base = repo.commit('policy\n\nAI-Origin: human-only\n', {
      '.ai-provenance.json': '{ "rules": [ { "id": "ops", "match": "ops/", "tier": "critical", "reason": "Production operations." } ], "tiers": { "critical": { "block": true } } }\n',
    });
    repo.commit(`Relax policy and deploy\n\n${AI(2, 3)}\n`, {
      '.ai-provenance.json': '{ "rules": [ { "id": "ops", "match": "ops/", "tier": "low", "reason": "Not anymore." } ] }\n',
      'ops/deploy.sh': 'echo deploy\necho done\n',
    });
    const r = await gate(repo, base, { approvals: 10 });
    assert.equal(r.policy.source, 'base');
    assert.equal(r.policy.revision, base);
    const blocked = byRule(r, 'gate.blocked');
    assert.equal(blocked.length, 1, JSON.stringify(r.findings));
    assert.equal(r.commits[0]!.files.find((f) => f.path === 'ops/deploy.sh')!.tier, 'critical');
    assert.equal(r.verdict, 'fail');
  });

  it('falls back to the defaults with a warning when the base policy is broken', async () => {
    base = repo.commit('broken policy\n', { '.ai-provenance.json': '{ "rules": [ \n' });
    repo.commit(`x\n\n${AI(1, 1)}\n`, { 'src/q.ts': 'q\n' });
    const r = await gate(repo, base);
    assert.equal(r.policy.fellBack, true);
    const [f] = byRule(r, 'gate.base-policy');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /has errors; the built-in defaults apply/);
    assert.ok(r.policy.problems.length > 0);
  });

  it('reads squash-merged histories: concatenated trailer blocks are aggregated', async () => {
    // `rebase -i` squash: both messages, only the last block parses.
    repo.commit(['Squashed', '', 'first', '', AI(3, 4, ['Blast-Radius: low']), '', 'second', '', 'AI-Origin: ai-edited', 'AI-Lines: 2/6', 'AI-Tools: codex:agentic', ''].join('\n'), {
      'src/s1.ts': lines(10),
    });
    // GitHub squash merge with co-authors: only the Co-authored-by block parses.
    repo.commit(
      [
        'Feature (#12)',
        '',
        '* part one',
        '',
        'AI-Origin: human-only',
        'AI-Lines: 0/2',
        '',
        '* part two',
        '',
        'AI-Origin: ai-generated',
        'AI-Lines: 5/5',
        'Blast-Radius: medium (deps.manifests)',
        '',
        '---------',
        '',
        'Co-authored-by: Ann <ann@example.com>',
        '',
      ].join('\n'),
      { 'src/s2.ts': lines(7) },
    );
    // `merge --squash`: messages indented, nothing parses.
    repo.commit(['Squashed commit of the following:', '', 'commit abc', 'Author: A <a@x>', '', '    one', '', '    AI-Origin: human-only', '    AI-Lines: 0/1', ''].join('\n'), {
      'src/s3.ts': 'x\n',
    });
    const r = await gate(repo, base);
    const [a, b, c] = r.commits;
    assert.equal(a!.source, 'squash-body');
    assert.equal(a!.blocks, 2);
    assert.equal(a!.origin, 'ai-generated');
    assert.deepEqual([a!.claimed.aiLines, a!.claimed.addedLines], [5, 10]);
    assert.deepEqual(a!.claimed.tools.map((t) => t.tool).sort(), ['claude-code', 'codex']);
    assert.equal(b!.source, 'squash-body');
    assert.equal(b!.origin, 'ai-generated');
    assert.deepEqual([b!.claimed.aiLines, b!.claimed.addedLines], [5, 7]);
    assert.equal(b!.claimed.blastRadius?.tier, 'medium');
    assert.equal(c!.source, 'squash-body');
    assert.equal(c!.origin, 'human-only');
    assert.equal(byRule(r, 'gate.squash-aggregated').length, 3);
    assert.equal(byRule(r, 'gate.unknown-provenance').length, 0);
  });

  it('skips merge commits and reads both sides of the merge once', async () => {
    repo.run(['checkout', '-q', '-b', 'feature']);
    repo.commit(`f1\n\n${AI(1, 1)}\n`, { 'src/f1.ts': 'f1\n' });
    repo.run(['checkout', '-q', 'main']);
    repo.commit(`m1\n\n${HUMAN(1)}\n`, { 'src/m1.ts': 'm1\n' });
    repo.run(['checkout', '-q', 'feature']);
    repo.run(['merge', '-q', '--no-ff', '--no-edit', 'main'], undefined, { GIT_EDITOR: ':' });
    repo.commit(`f2\n\n${AI(1, 1)}\n`, { 'src/f2.ts': 'f2\n' });
    const r = await gate(repo, base);
    assert.equal(r.range.mergesSkipped, 1);
    assert.deepEqual(r.commits.map((c) => c.subject).sort(), ['f1', 'f2', 'm1']);
    assert.equal(r.summary.addedLines, 3);
    // Against main, main's own commit is not part of the change.
    const r2 = await gate(repo, 'main');
    assert.deepEqual(r2.commits.map((c) => c.subject).sort(), ['f1', 'f2']);
  });

  it('follows renames: the old path counts, and a pure rename adds no lines', async () => {
    repo.commit('tf\n\nAI-Origin: human-only\n', { 'infra/old.tf': lines(20) });
    const mid = repo.head();
    mkdirSync(repo.path('notes'));
    repo.run(['mv', 'infra/old.tf', 'notes/old.txt']);
    repo.commit(`Move it\n\n${AI(0, 0)}\n`);
    const r = await gate(repo, mid, { approvals: 2 });
    const f = r.commits[0]!.files[0]!;
    assert.equal(f.status, 'renamed');
    assert.equal(f.path, 'notes/old.txt');
    assert.equal(f.oldPath, 'infra/old.tf');
    assert.equal(f.tier, 'critical');
    assert.equal(f.added, 0);
    assert.equal(r.commits[0]!.recomputed.tier, 'critical');
  });

  it('handles binary files, deletions and unusual file names', async () => {
    const weird = 'src/we ird "q"\tname\u00e9.ts';
    repo.commit(`Assets\n\n${AI(2, 2)}\n`, { 'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3, 0]), [weird]: 'a\nb\n', 'db/schema.sql': null });
    const r = await gate(repo, base, { approvals: 2 });
    const files = r.commits[0]!.files;
    const png = files.find((f) => f.path === 'assets/logo.png');
    assert.ok(png?.binary);
    assert.equal(png.added, 0);
    const w = files.find((f) => f.path === weird);
    assert.ok(w, JSON.stringify(files.map((f) => f.path)));
    assert.equal(w.added, 2);
    const del = files.find((f) => f.path === 'db/schema.sql');
    assert.equal(del?.status, 'deleted');
    assert.equal(del?.deleted, 2);
    assert.equal(r.summary.addedLines, 2);
  });

  it('scans added lines of AI-origin commits with the content rules, with file, line and column', async () => {
    repo.commit('script\n\nAI-Origin: human-only\n', { 'scripts/cleanup.sql': 'SELECT 1;\nSELECT 2;\n  WHERE id = 1;\n' });
    const mid = repo.head();
    // Line 3 is new; the WHERE on the (unchanged) next line cancels sql.delete-without-where.
    repo.commit(`Cleanup\n\n${AI(2, 2)}\n`, { 'scripts/cleanup.sql': 'SELECT 1;\nSELECT 2;\nDELETE FROM users\n  WHERE id = 1;\nDROP TABLE sessions;\n' });
    const r = await gate(repo, mid, { approvals: 5 });
    const content = r.findings.filter((f) => !f.rule.startsWith('gate.'));
    assert.deepEqual(
      content.map((f) => [f.rule, f.file, f.line, f.column]),
      [['sql.drop', 'scripts/cleanup.sql', 5, 1]],
    );
    assert.equal(content[0]!.tier, 'critical');
    assert.equal(content[0]!.endColumn, 1 + 'DROP TABLE'.length);
    assert.equal(r.commits[0]!.recomputed.tier, 'critical');
  });

  it('does not scan human-only commits, but does scan commits of unknown provenance', async () => {
    repo.commit(`Human\n\n${HUMAN(1)}\n`, { 'src/h.ts': 'const q = "DROP TABLE users";\n' });
    repo.commit('Unknown\n', { 'src/u.ts': 'const q = "TRUNCATE TABLE users";\n' });
    const r = await gate(repo, base);
    const content = r.findings.filter((f) => !f.rule.startsWith('gate.'));
    assert.deepEqual(
      content.map((f) => [f.rule, f.file]),
      [['sql.truncate', 'src/u.ts']],
    );
    assert.match(content[0]!.message, /unknown provenance/);
  });

  it('reads CRLF files and huge diffs (a 50,000-line file) in one pass', async () => {
    const big = lines(50_000, (i) => (i === 39_999 ? 'DROP TABLE audit_log;' : `row ${i}`));
    repo.commit(`Dump\n\n${AI(50_000, 50_001)}\n`, { 'data/big.sql': big, 'src/win.ts': 'a\r\nTRUNCATE TABLE t;\r\n' });
    const t0 = Date.now();
    const r = await gate(repo, base, { approvals: 5 });
    const ms = Date.now() - t0;
    assert.equal(r.summary.addedLines, 50_002);
    const found = r.findings.filter((f) => !f.rule.startsWith('gate.')).map((f) => [f.rule, f.file, f.line]);
    assert.deepEqual(found, [
      ['sql.drop', 'data/big.sql', 40_000],
      ['sql.truncate', 'src/win.ts', 2],
    ]);
    assert.ok(ms < 20_000, `took ${ms} ms`);
  });

  it('uses a readable note when the message has no trailers, and reports an unreadable one', async () => {
    const a = repo.commit('noted\n', { 'src/n.ts': 'a\nb\nc\n' });
    repo.run(['notes', '--ref=ai-provenance', 'add', '-m', JSON.stringify({ origin: 'ai-edited', aiLines: 2, addedLines: 3, files: [{ path: 'src/n.ts', lines: [[1, 2]] }] }), a]);
    const b = repo.commit('bad note\n\nAI-Origin: human-only\n', { 'src/m.ts': 'm\n' });
    repo.run(['notes', '--ref=ai-provenance', 'add', '-m', 'not json', b]);
    const r = await gate(repo, base);
    assert.equal(r.commits[0]!.source, 'note');
    assert.equal(r.commits[0]!.origin, 'ai-edited');
    assert.equal(r.commits[0]!.files[0]!.aiLines, 2);
    assert.equal(r.commits[1]!.source, 'trailers');
    assert.equal(byRule(r, 'gate.note-unreadable').length, 1);
  });

  it('reads the note the commit hook writes (src/git/notes.ts) for per-file AI lines', async () => {
    const sha = repo.commit(`hooked\n\n${AI(2, 3)}\n`, { 'src/h.ts': 'a\nb\nc\n' });
    const note = buildNote({
      commit: sha,
      tree: repo.head('HEAD^{tree}'),
      base,
      trailers: [],
      attribution: {
        provenance: { origin: 'ai-generated', aiLines: 2, addedLines: 3, tools: [{ tool: 'claude-code', mode: 'agentic' }], assistedBy: [] },
        files: [
          {
            path: 'src/h.ts',
            blob: 'x',
            addedLines: 3,
            aiLines: [
              { line: 1, edited: false, tool: 'claude-code', mode: 'agentic', ids: ['r1'], hash: 'h1' },
              { line: 3, edited: true, tool: 'claude-code', mode: 'agentic', ids: ['r2'], hash: 'h3' },
            ],
          },
        ],
      },
    });
    repo.run(['notes', '--ref=ai-provenance', 'add', '-F', '-', sha], serializeNote(note));
    const r = await gate(repo, base);
    assert.equal(r.commits[0]!.source, 'trailers');
    assert.equal(r.commits[0]!.files[0]!.aiLines, 2);
    assert.equal(byRule(r, 'gate.note-unreadable').length, 0);
  });

  it('reports an empty range as a pass', async () => {
    const r = await gate(repo, 'HEAD');
    assert.equal(r.range.commits, 0);
    assert.equal(r.verdict, 'pass');
  });
});

describe('ai-provenance gate: CLI, exit codes and clones', function () {
  this.timeout(60_000);
  let repo: GateRepo;
  let base: string;
  const dirs: string[] = [];

  beforeEach(() => {
    repo = new GateRepo();
    base = repo.commit('initial\n', { 'README.md': 'hello\n' });
  });
  afterEach(() => {
    repo.dispose();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('exits 0 on pass, 1 on a violation, and says what to do', async () => {
    repo.commit(`ok\n\n${AI(1, 1)}\n`, { 'src/a.ts': 'a\n' });
    let r = await cli(repo.root, ['gate', '--base', base]);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /AI Provenance gate: PASS/);
    repo.commit(`infra\n\n${AI(1, 1)}\n`, { 'main.tf': 'a = 1\n' });
    r = await cli(repo.root, ['gate', '--base', base]);
    assert.equal(r.code, 1);
    assert.match(r.out, /FAIL/);
    assert.match(r.out, /what to do: Get 2 distinct approvals/);
    r = await cli(repo.root, ['gate', '--base', base, '--approvals', '2']);
    assert.equal(r.code, 0, r.out);
    r = await cli(repo.root, ['gate', '--base', base, '--fail-on', 'never']);
    assert.equal(r.code, 0);
  });

  it('exits 2 on usage errors, with the usage', async () => {
    for (const args of [
      ['gate'],
      ['gate', '--base', base, '--format', 'xml'],
      ['gate', '--base', base, '--approvals', 'two'],
      ['gate', '--base', base, '--fail-on', 'sometimes'],
      ['gate', '--base', base, '--bogus'],
      ['gate', '--base', base, '--policy', 'nope.json'],
    ]) {
      const r = await cli(repo.root, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}`);
      assert.match(r.err, /Usage: ai-provenance gate/);
    }
  });

  it('exits 2 for unknown revisions, options disguised as revisions and non-repositories', async () => {
    let r = await cli(repo.root, ['gate', '--base', 'origin/nope']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--base 'origin\/nope' is not a commit in this clone\nWhat to do: /);
    r = await cli(repo.root, ['gate', '--base', '--output=/tmp/x']);
    assert.equal(r.code, 2);
    const plain = realpathSync(mkdtempSync(join(tmpdir(), 'aip-plain-')));
    dirs.push(plain);
    r = await cli(plain, ['gate', '--base', 'main']);
    assert.equal(r.code, 2);
    assert.match(r.err, /not inside a git work tree/);
  });

  it('exits 2 with "fetch more history" in a shallow clone', async () => {
    repo.commit('m2\n', { 'a.txt': 'a\n' });
    repo.run(['checkout', '-q', '-b', 'feature']);
    repo.commit('f1\n', { 'b.txt': 'b\n' });
    repo.commit('f2\n', { 'c.txt': 'c\n' });
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'aip-shallow-')));
    dirs.push(dir);
    const clone = (args: string[], name: string) => {
      execFileSync('git', ['clone', '-q', ...args, `file://${repo.root}`, join(dir, name)], { stdio: 'ignore' });
      return join(dir, name);
    };
    // Depth 1 of the feature branch only: the base is not there at all.
    const one = clone(['--depth', '1', '--branch', 'feature'], 'one');
    let r = await cli(one, ['gate', '--base', 'origin/main']);
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /fetch more history: git fetch --unshallow .*fetch-depth: 0/);
    // Both branches, but too shallow to reach their merge base.
    const two = clone(['--depth', '1', '--no-single-branch', '--branch', 'feature'], 'two');
    r = await cli(two, ['gate', '--base', 'origin/main']);
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /shallow clone[\s\S]*git fetch --unshallow/);
    // After unshallowing, the gate runs.
    execFileSync('git', ['fetch', '-q', '--unshallow'], { cwd: two, stdio: 'ignore' });
    r = await cli(two, ['gate', '--base', 'origin/main']);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /2 commits/);
  });
});
