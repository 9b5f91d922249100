import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatHistoryHtml, formatHistoryMarkdown } from '../../../src/gate/format/history';
import { buildHistory, periodStart } from '../../../src/gate/history';
import { GateRepo, cli, lines } from './helpers';

describe('ai-provenance report', function () {
  this.timeout(60_000);
  let repo: GateRepo;
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1' };

  before(() => {
    repo = new GateRepo();
    repo.commit('initial\n\nAI-Origin: human-only\n', { 'README.md': lines(10) }, { date: '2026-01-05T10:00:00Z' });
    repo.commit('ai app\n\nAI-Origin: ai-generated\nAI-Lines: 6/8\n', { 'src/a.ts': lines(6), 'src/b.ts': lines(2) }, { date: '2026-01-07T10:00:00Z' });
    repo.commit('infra\n\nAI-Origin: ai-edited\nAI-Lines: 4/4\n', { 'infra/main.tf': lines(4) }, { date: '2026-01-20T10:00:00Z' });
    repo.commit('unknown\n', { 'src/c.ts': lines(5) }, { date: '2026-01-21T10:00:00Z' });
    repo.run(['checkout', '-q', '-b', 'side']);
    repo.commit('side\n\nAI-Origin: human-only\n', { 'docs/x.md': lines(3) }, { date: '2026-01-22T10:00:00Z' });
    repo.run(['checkout', '-q', 'main']);
    repo.run(['merge', '-q', '--no-ff', '--no-edit', 'side'], undefined, { GIT_EDITOR: ':', GIT_COMMITTER_DATE: '2026-01-23T10:00:00Z', GIT_AUTHOR_DATE: '2026-01-23T10:00:00Z' });
  });
  after(() => repo.dispose());

  it('computes AI share per period, tier and folder from the trailers', async () => {
    const r = await buildHistory({ cwd: repo.root, env, now: new Date('2026-02-01T00:00:00Z') });
    assert.equal(r.bucket, 'week');
    assert.equal(r.totals.commits, 5);
    assert.equal(r.totals.mergesSkipped, 1);
    assert.equal(r.totals.addedLines, 10 + 8 + 4 + 5 + 3);
    assert.equal(r.totals.aiLines, 10);
    assert.equal(r.totals.unknownLines, 5);
    assert.deepEqual(
      r.periods.map((p) => [p.start, p.commits, p.addedLines, p.aiLines]),
      [
        ['2026-01-05', 2, 18, 6],
        ['2026-01-12', 0, 0, 0],
        ['2026-01-19', 3, 12, 4],
      ],
    );
    const crit = r.tiers.find((t) => t.tier === 'critical');
    assert.deepEqual([crit?.addedLines, crit?.aiLines, crit?.aiShare], [4, 4, 1]);
    const src = r.paths.find((p) => p.path === 'src/');
    assert.deepEqual([src?.addedLines, src?.aiLines, src?.unknownLines, src?.files], [13, 6, 5, 3]);
    assert.equal(r.paths.find((p) => p.path === 'infra/')?.tier, 'critical');
  });

  it('honours --since and month buckets', async () => {
    const r = await buildHistory({ cwd: repo.root, env, since: '2026-01-15', bucket: 'month' });
    assert.equal(r.totals.commits, 3);
    assert.deepEqual(r.periods.map((p) => p.start), ['2026-01-01']);
    assert.equal(periodStart(new Date('2026-01-11T23:00:00Z'), 'week'), '2026-01-05');
    assert.equal(periodStart(new Date('2026-01-12T00:00:00Z'), 'week'), '2026-01-12');
  });

  it('renders Markdown tables and a self-contained HTML page with an inline SVG chart', async () => {
    const r = await buildHistory({ cwd: repo.root, env });
    const md = formatHistoryMarkdown(r);
    assert.match(md, /^# AI share of added lines: 33\.3%/);
    assert.match(md, /\| Week of \| Commits \|/);
    assert.match(md, /\| critical \| 1 \| 4 \| 4 \| 100\.0% \|/);
    const html = formatHistoryHtml(r);
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((html.match(/<rect [^>]*class="ai"/g) ?? []).length, 3, 'two AI bars plus the legend');
    assert.match(html, /<polyline points="/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\bsrc=|@import|url\(/i, 'nothing external, no script');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('escapes file names in the HTML', async () => {
    const r = await buildHistory({ cwd: repo.root, env });
    const hostile = { ...r, paths: [{ ...r.paths[0]!, path: '<script>alert(1)</script>/' }] };
    const html = formatHistoryHtml(hostile);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('CLI: writes Markdown, HTML or JSON, and rejects bad options with exit 2', async () => {
    let r = await cli(repo.root, ['report']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /# AI share of added lines/);
    const out = join(repo.root, 'report.html');
    r = await cli(repo.root, ['report', '--format', 'html', '--output', out, '--since', '2026-01-01']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /html report written to/);
    assert.match(readFileSync(out, 'utf8'), /<svg/);
    r = await cli(repo.root, ['report', '--format', 'json']);
    assert.equal((JSON.parse(r.out) as { format: string }).format, 'ai-provenance-history');
    assert.equal((await cli(repo.root, ['report', '--format', 'pdf'])).code, 2);
    assert.equal((await cli(repo.root, ['report', '--since', '--all'])).code, 2);
    const bad = await cli(repo.root, ['report', '--rev', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not a commit/);
  });
});
