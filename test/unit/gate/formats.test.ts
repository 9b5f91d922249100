import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { formatMarkdown, formatReport, formatSarif, formatText } from '../../../src/gate/format';
import { code, md } from '../../../src/gate/format/markdown';
import { pathUri } from '../../../src/gate/format/sarif';
import { clean } from '../../../src/gate/format/text';
import { runGate } from '../../../src/gate/gate';
import type { GateReport } from '../../../src/gate/model';
import { GATE_RULE_LIST } from '../../../src/gate/rules';
import { projectRoot } from '../policy/helpers';
import { GateRepo, cli } from './helpers';

const root = projectRoot();
const reportSchema = JSON.parse(readFileSync(join(root, 'schemas', 'gate-report.schema.json'), 'utf8')) as object;
const sarifSchema = JSON.parse(readFileSync(join(root, 'test', 'unit', 'gate', 'fixtures', 'sarif-2.1.0-subset.schema.json'), 'utf8')) as object;

function validator(schema: object) {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  return ajv.compile(schema);
}

const AI = 'AI-Origin: ai-generated\nAI-Lines: 2/2\nAI-Tools: claude-code:agentic\nAssisted-by: Claude:claude-opus-4 [claude-code]';

describe('ai-provenance gate: outputs', function () {
  this.timeout(60_000);
  let repo: GateRepo;
  let report: GateReport;

  before(async () => {
    repo = new GateRepo();
    const base = repo.commit('initial\n', { 'README.md': 'hi\n' });
    repo.commit(`Infra | <b>bold</b> [x](http://evil) \`tick\`\n\n${AI}\nBlast-Radius: low\n`, { 'infra/main.tf': 'resource "a" "b" {}\nforce_destroy = true\n', 'infra/a b|c.tf': 'x = 1\n' });
    repo.commit('no trailers\n', { 'src/u.ts': 'TRUNCATE TABLE t;\n' });
    repo.commit('bad\n\nAI-Origin: maybe\n', {});
    report = await runGate({ cwd: repo.root, base, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  });
  after(() => repo.dispose());

  it('JSON matches schemas/gate-report.schema.json', () => {
    const validate = validator(reportSchema);
    const json = JSON.parse(formatReport(report, 'json')) as unknown;
    assert.ok(validate(json), JSON.stringify(validate.errors, null, 2));
    assert.ok(report.findings.length >= 5, 'the sample exercises many finding kinds');
  });

  it('the schema rejects what the report must not contain', () => {
    const validate = validator(reportSchema);
    const bad = (mutate: (r: Record<string, unknown>) => void) => {
      const r = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
      mutate(r);
      return validate(r);
    };
    assert.equal(bad((r) => (r.verdict = 'maybe')), false);
    assert.equal(bad((r) => (r.extra = 1)), false);
    assert.equal(bad((r) => ((r.summary as Record<string, unknown>).tier = 'severe')), false);
    assert.equal(bad((r) => ((r.findings as Record<string, unknown>[])[0]!.line = 0)), false);
    assert.equal(bad((r) => delete (r as { range?: unknown }).range), false);
  });

  it('SARIF is valid 2.1.0 with file/line locations and our rule ids', () => {
    const validate = validator(sarifSchema);
    const sarif = JSON.parse(formatSarif(report)) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } } }[] }[] }[];
    };
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    for (const r of GATE_RULE_LIST) assert.ok(ids.includes(r.id), r.id);
    for (const res of run.results) {
      assert.equal(ids[res.ruleIndex], res.ruleId);
      assert.equal(res.locations.length, 1, 'code scanning needs a location on every result');
    }
    const reviewers = run.results.find((r) => r.ruleId === 'gate.reviewers')!;
    assert.equal(reviewers.level, 'error');
    assert.equal(reviewers.locations[0]!.physicalLocation.artifactLocation.uri, 'infra/a%20b%7Cc.tf', 'first critical file, percent-encoded');
    const content = run.results.find((r) => r.ruleId === 'iac.force-destroy');
    assert.ok(content, JSON.stringify(run.results.map((r) => r.ruleId)));
    assert.equal(content.locations[0]!.physicalLocation.region.startColumn, 1);
    assert.ok(run.results.some((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'src/u.ts'));
  });

  it('the SARIF subset schema rejects malformed logs', () => {
    const validate = validator(sarifSchema);
    const log = JSON.parse(formatSarif(report)) as { version: string; runs: { results: { level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const mutate = (f: (l: typeof log) => void) => {
      const copy = JSON.parse(JSON.stringify(log)) as typeof log;
      f(copy);
      return validate(copy);
    };
    assert.equal(mutate((l) => (l.version = '2.0.0')), false);
    assert.equal(mutate((l) => (l.runs[0]!.results[0]!.level = 'fatal')), false);
    assert.equal(mutate((l) => (l.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0)), false);
    assert.equal(mutate((l) => (l.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'a b')), false);
  });

  it('percent-encodes paths in SARIF URIs', () => {
    assert.equal(pathUri('src/a b|c.ts'), 'src/a%20b%7Cc.ts');
    assert.equal(pathUri('dir/100%.txt'), 'dir/100%25.txt');
  });

  it('Markdown has a table per tier, the AI share, offending files and escaped text', () => {
    const text = formatMarkdown(report);
    assert.match(text, /^## ❌ AI Provenance gate: fail/);
    assert.match(text, /AI share \*\*/);
    assert.match(text, /### By tier\n\n\| Tier \| Files \|/);
    assert.match(text, /\| critical \| 1 \|/);
    assert.match(text, /### Offending files/);
    assert.match(text, /`infra\/main\.tf`/);
    assert.match(text, /`infra\/a b\\\|c\.tf`/, 'a pipe in a path cannot break the table');
    assert.doesNotMatch(text, /<b>/, 'HTML in a subject is escaped');
    assert.doesNotMatch(text, /\[x\]\(http/, 'links in a subject are neutralised');
    for (const line of text.split('\n').filter((l) => l.startsWith('| '))) {
      const cells = line.replace(/\\\|/g, '').split('|').length;
      assert.ok(cells >= 4, line);
    }
  });

  it('md() and code() neutralise markup', () => {
    assert.equal(md('a|b <img src=x> [l](u) *e*'), 'a\\|b &lt;img src=x&gt; \\[l\\]\\(u\\) \\*e\\*');
    assert.equal(code('a`b'), 'a\\`b');
    assert.equal(code('x|y'), '`x\\|y`');
  });

  it('text is readable and shows control characters escaped', () => {
    const text = formatText(report);
    assert.match(text, /^AI Provenance gate: FAIL \(\d+ errors?, \d+ warnings?; fail-on error\)/);
    assert.match(text, /Tier {6}Files/);
    assert.match(text, /what to do: /);
    assert.match(text, /FAIL \(exit 1\)/);
    assert.equal(clean('a\x1b[31mred\nb'), 'a\\x1b[31mred\\x0ab');
  });

  it('--output writes the chosen format and prints a summary; --summary appends Markdown', async () => {
    const out = join(repo.root, 'out', 'gate.sarif');
    const summary = join(repo.root, 'out', 'summary.md');
    const base = repo.head('HEAD~3');
    const r = await cli(repo.root, ['gate', '--base', base, '--format', 'sarif', '--output', out, '--summary', summary]);
    assert.equal(r.code, 1);
    assert.match(r.out, /Report written to /);
    assert.match(r.out, /FAIL \(exit 1\)/);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version, '2.1.0');
    assert.match(readFileSync(summary, 'utf8'), /## ❌ AI Provenance gate/);
    const sarif = join(repo.root, 'out', 'also.sarif');
    const again = await cli(repo.root, ['gate', '--base', base, '--format', 'json', '--summary', summary, '--sarif', sarif]);
    assert.equal((JSON.parse(again.out) as GateReport).format, 'ai-provenance-gate-report');
    assert.equal(readFileSync(summary, 'utf8').match(/## ❌ AI Provenance gate/g)?.length, 2, 'appended, not overwritten');
    assert.ok(validator(sarifSchema)(JSON.parse(readFileSync(sarif, 'utf8'))));
  });
});

describe('gate: docs and boundaries', () => {
  it('docs/gate.md documents every gate rule id', () => {
    const doc = readFileSync(join(root, 'docs', 'gate.md'), 'utf8');
    for (const r of GATE_RULE_LIST) assert.ok(doc.includes(`\`${r.id}\``), r.id);
  });

  it('src/gate never imports vscode (it runs in CI with plain Node)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(join(root, 'src', 'gate'));
    assert.ok(files.length >= 10);
    for (const f of files) assert.doesNotMatch(readFileSync(f, 'utf8'), /from ['"]vscode['"]|require\(['"]vscode['"]\)/, f);
  });
});
