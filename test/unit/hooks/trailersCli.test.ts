import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCommitProvenance } from '../../../src/git/commitProvenance';
import { prepareTrailers, trailersOf } from '../../../src/git/hooks/prepare';
import { PREPARED_KEEP, prunePrepared } from '../../../src/state/prepared';
import { HookRepo, cleanEnv } from './helpers';

const LINES = Array.from({ length: 4 }, (_, i) => `export const generatedValue${i} = compute(${i}) * 1000;`).join('\n') + '\n';

describe('ai-provenance trailers', function () {
  this.timeout(120_000);
  let repo: HookRepo;
  beforeEach(() => {
    repo = new HookRepo({ prefix: 'aip-trailers-' });
    repo.write('infra/main.tf', 'resource "x" "y" {}\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.install();
  });
  afterEach(() => repo.dispose());

  it('prints what the hook would add for the index; --json has the lines; --prepare stores it by tree', () => {
    repo.write('infra/main.tf', `resource "x" "y" {}\n${LINES}`);
    repo.mark('infra/main.tf', '2-3', 'claude-code', 'claude-opus-4');
    repo.git('add', '.');
    const out = repo.cli(['trailers']).stdout;
    assert.equal(out, 'AI-Origin: ai-generated\nAI-Lines: 2/4\nAI-Tools: claude-code:agentic\nBlast-Radius: critical (iac.terraform)\nAssisted-by: Claude:claude-opus-4 [claude-code]\n');
    const json = JSON.parse(repo.cli(['trailers', '--json']).stdout) as { tree: string; files: { path: string; aiLines: { line: number }[] }[]; trailers: string[] };
    assert.equal(json.tree, repo.git('write-tree').trim());
    assert.deepEqual(json.files[0]!.aiLines.map((l) => l.line), [2, 3]);
    const prepared = join(repo.gitCommonDir(), 'ai-provenance', 'prepared', json.tree);
    assert.equal(existsSync(prepared), false);
    repo.cli(['trailers', '--prepare']);
    const text = readFileSync(prepared, 'utf8');
    assert.match(text, /^ai-provenance-prepared 1\ntree [0-9a-f]{40}\nhead [0-9a-f]{40}\ndep [0-9a-f]{24}\.json\nvariant normal [0-9a-f]{40}\nAI-Origin: ai-generated\n/);
    // Amending the root commit: every line of the tree counts.
    assert.match(text, /\nvariant amend root\nAI-Origin: ai-generated\nAI-Lines: 2\/5\n/);
    assert.equal(repo.cli(['trailers', '--amend']).stdout.split('\n')[1], 'AI-Lines: 2/5');
  });

  it('the API the editor calls, and reading a commit back', async () => {
    repo.write('infra/main.tf', `resource "x" "y" {}\n${LINES}`);
    repo.mark('infra/main.tf', '2', 'copilot');
    repo.git('add', '.');
    const p = await prepareTrailers(repo.root, { env: cleanEnv() });
    assert.ok(p);
    assert.deepEqual(trailersOf(p)!.map((t) => `${t.key}: ${t.value}`).slice(0, 2), ['AI-Origin: ai-generated', 'AI-Lines: 1/4']);
    repo.git('commit', '-q', '-m', 'Prepared by the editor');
    await repo.idle();
    const back = await readCommitProvenance('HEAD', { cwd: repo.root, env: cleanEnv() });
    assert.ok(back);
    assert.equal(back.provenance.origin, 'ai-generated');
    assert.equal(back.provenance.aiLines, 1);
    assert.deepEqual(back.provenance.blastRadius, { tier: 'critical', rules: ['iac.terraform'] });
    assert.deepEqual(back.problems, []);
    assert.ok(back.note?.includes('"revision"'));
  });

  it('unknown when there is no provenance state or tracking is off', async () => {
    const bare = new HookRepo({ prefix: 'aip-nostate-' });
    try {
      bare.write('a.txt', 'a\n');
      bare.git('add', '.');
      assert.equal(bare.cli(['trailers']).stdout, 'AI-Origin: unknown\nBlast-Radius: low\n');
      repo.write('x.txt', 'x\n');
      repo.git('add', '.');
      repo.write('.git/ai-provenance/tracking-off', '');
      assert.equal(repo.cli(['trailers']).stdout, 'AI-Origin: unknown\nBlast-Radius: low\n');
    } finally {
      await bare.dispose();
    }
  });

  it('keeps the newest prepared trees only', async () => {
    const dir = join(repo.gitCommonDir(), 'ai-provenance');
    for (let i = 0; i < PREPARED_KEEP + 5; i++) {
      repo.write('x.txt', `${i}\n`);
      repo.git('add', '.');
      await prepareTrailers(repo.root, { env: cleanEnv(), variants: ['normal'] });
    }
    await prunePrepared(dir);
    const names = readdirSync(join(dir, 'prepared'));
    assert.equal(names.filter((n) => !n.endsWith('.json')).length, PREPARED_KEEP);
    assert.equal(names.filter((n) => n.endsWith('.json')).length, PREPARED_KEEP);
  });
});
