import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../../src/cli/main';
import { anchorRanges } from '../../../src/core/ledger/anchor';
import { LedgerStore } from '../../../src/state/ledgerStore';
import { silentLogger } from '../../../src/core/log';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { gitBlobId } from '../../../src/core/text/hash';
import { captureIO as io } from '../cliIO';
import { CLI, TempRepo } from '../gitRepo';

const run = promisify(execFile);


async function aiLinesOf(repo: TempRepo, rel: string): Promise<number[]> {
  const store = new LedgerStore(join(repo.root, '.git', 'ai-provenance', 'ledger', 'main'), silentLogger, 'test');
  const read = await store.read(rel);
  if (read.status !== 'ok') return [];
  const text = readFileSync(repo.path(rel), 'utf8');
  const index = new LineIndex(text);
  const lines = new Set<number>();
  for (const p of anchorRanges(read.ledger.ranges, index, read.ledger.contentHash === gitBlobId(text)).parts) {
    const a = index.positionAt(p.start).line;
    const b = index.positionAt(p.end - 1).line;
    for (let l = a; l <= b; l++) lines.add(l + 1);
  }
  return [...lines].sort((x, y) => x - y);
}

describe('ai-provenance mark', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.write('src/app.ts', Array.from({ length: 20 }, (_, i) => `const line${i + 1} = ${i + 1};`).join('\n') + '\n');
  });
  afterEach(() => repo.dispose());

  it('marks line ranges, 1-based and inclusive, from a subdirectory', async () => {
    const c = io(join(repo.root, 'src'));
    assert.equal(await runCli(['mark', '--file', 'app.ts', '--lines', '2-4,10', '--tool', 'Claude', '--model', 'claude-opus-4'], c), 0, c.err);
    assert.match(c.out, /marked src\/app\.ts lines 2-4,10 as AI \(claude-code, agentic, claude-opus-4\)/);
    assert.deepEqual(await aiLinesOf(repo, 'src/app.ts'), [2, 3, 4, 10]);
  });

  it('marks the whole file without --lines, and --human unmarks', async () => {
    await runCli(['mark', '--file', 'src/app.ts', '--tool', 'codex', '--mode', 'autonomous'], io(repo.root));
    assert.equal((await aiLinesOf(repo, 'src/app.ts')).length, 20);
    await runCli(['mark', '--file', 'src/app.ts', '--lines', '5-19', '--human'], io(repo.root));
    assert.deepEqual(await aiLinesOf(repo, 'src/app.ts'), [1, 2, 3, 4, 20]);
  });

  it('keeps earlier marks when the file changed in between (re-anchoring)', async () => {
    await runCli(['mark', '--file', 'src/app.ts', '--lines', '10-12'], io(repo.root));
    const text = readFileSync(repo.path('src/app.ts'), 'utf8');
    writeFileSync(repo.path('src/app.ts'), '// new header\n// another\n' + text);
    await runCli(['mark', '--file', 'src/app.ts', '--lines', '1'], io(repo.root));
    assert.deepEqual(await aiLinesOf(repo, 'src/app.ts'), [1, 12, 13, 14]);
  });

  it('rejects bad usage with exit 2 and a message', async () => {
    for (const args of [
      ['mark'],
      ['mark', '--file', 'src/app.ts', '--lines', '4-2'],
      ['mark', '--file', 'src/app.ts', '--lines', 'abc'],
      ['mark', '--file', 'src/app.ts', '--mode', 'yolo'],
      ['mark', '--file', 'src/app.ts', '--lines', '30'],
      ['mark', '--file', 'src/app.ts', '--bogus'],
    ]) {
      const c = io(repo.root);
      assert.equal(await runCli(args, c), 2, args.join(' '));
      assert.notEqual(c.err, '', args.join(' '));
    }
  });

  it('fails clearly for a missing file or a folder that is not a repository', async () => {
    const c = io(repo.root);
    assert.equal(await runCli(['mark', '--file', 'nope.ts'], c), 1);
    assert.match(c.err, /cannot read nope\.ts/);
    const outside = new TempRepo('aip-plain-');
    try {
      outside.write('x.txt', 'x\n');
      await run('rm', ['-rf', join(outside.root, '.git')]);
      const c2 = io(outside.root);
      assert.equal(await runCli(['mark', '--file', 'x.txt'], c2), 1);
      assert.match(c2.err, /not inside a git work tree/);
    } finally {
      outside.dispose();
    }
  });

  it('handles strange file names', async () => {
    const name = 'dir with space/ünïcode -- "quoted" $(x).ts';
    repo.write(name, 'a\nb\n');
    const c = io(repo.root);
    assert.equal(await runCli(['mark', '--file', name, '--lines', '2'], c), 0, c.err);
    assert.deepEqual(await aiLinesOf(repo, name), [2]);
  });

  it('keeps state under the git common dir, shared by linked worktrees', async () => {
    repo.git('add', '.');
    repo.git('commit', '-qm', 'init');
    const wt = `${repo.root}-wt`;
    repo.git('worktree', 'add', '-q', wt);
    try {
      const c = io(wt);
      assert.equal(await runCli(['mark', '--file', 'src/app.ts', '--lines', '1'], c), 0, c.err);
      const dirs = readdirSync(join(repo.root, '.git', 'ai-provenance', 'ledger'));
      assert.ok(dirs.some((d) => d.startsWith('wt-')), `worktree ledger dir in ${dirs.join(',')}`);
      assert.equal(existsSync(join(wt, '.git', 'ai-provenance')), false);
    } finally {
      repo.git('worktree', 'remove', '--force', wt);
    }
  });

  it('loses nothing when eight processes mark the same file at once', async function () {
    this.timeout(60_000);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => run(process.execPath, [CLI, 'mark', '--file', 'src/app.ts', '--lines', `${i * 2 + 1}`, '--tool', `agent${i}`], { cwd: repo.root })),
    );
    assert.deepEqual(await aiLinesOf(repo, 'src/app.ts'), [1, 3, 5, 7, 9, 11, 13, 15]);
  });

  it('sets a corrupt state file aside, says so once, and carries on', async () => {
    await runCli(['mark', '--file', 'src/app.ts', '--lines', '1'], io(repo.root));
    const dir = join(repo.root, '.git', 'ai-provenance', 'ledger', 'main');
    const file = readdirSync(dir).find((f) => f.endsWith('.json'))!;
    writeFileSync(join(dir, file), '{"format": "ai-provenance-ledger", garbage');
    const c = io(repo.root);
    assert.equal(await runCli(['mark', '--file', 'src/app.ts', '--lines', '3'], c), 0, c.err);
    assert.match(c.err, /unreadable.*set aside/);
    assert.ok(readdirSync(dir).some((f) => f.includes('.corrupt-')));
    assert.deepEqual(await aiLinesOf(repo, 'src/app.ts'), [3]);
  });
});
