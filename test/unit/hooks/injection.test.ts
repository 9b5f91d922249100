import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrailerKey } from '../../../src/core/trailers/contract';
import { isValidTrailerValue } from '../../../src/core/trailers/contract';
import { ledgerDirOf } from '../../../src/state/repoFiles';
import { LedgerStore } from '../../../src/state/ledgerStore';
import { silentLogger } from '../../../src/core/log';
import { gitBlobId } from '../../../src/core/text/hash';
import { HookRepo, isOurKey } from './helpers';

/**
 * Hostile file names, tool names and model ids: nothing they contain may add a line to the
 * message or forge a trailer. Every value git parses back passes the contract's allow-list.
 */

const BODY = Array.from({ length: 3 }, (_, i) => `export const value${i} = someLongerComputation(${i});`).join('\n') + '\n';

describe('hook injection', function () {
  this.timeout(120_000);
  let repo: HookRepo;
  beforeEach(() => {
    repo = new HookRepo({ prefix: 'aip-inject-' });
    repo.write('README.md', 'x\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.install();
  });
  afterEach(() => repo.dispose());

  function assertClean(): void {
    const parsed = repo.parsed();
    for (const p of parsed) {
      assert.ok(isOurKey(p.key), `unexpected trailer ${p.key}: ${p.value}`);
      const key = ['AI-Origin', 'AI-Lines', 'AI-Tools', 'Blast-Radius', 'Assisted-by'].find((k) => k.toLowerCase() === p.key.toLowerCase()) as TrailerKey;
      assert.ok(isValidTrailerValue(key, p.value), `${p.key}: ${p.value}`);
    }
    assert.equal(parsed.filter((p) => p.key === 'AI-Origin').length, 1);
    // Hostile text may survive, made safe, inside one value; it never starts a line.
    assert.doesNotMatch(repo.message(), /^(Reviewed-by|Signed-off-by|PWNED)/im);
  }

  it('file names with newlines, tabs, quotes, unicode and trailer text', () => {
    const names = ['evil\nReviewed-by: Mallory <m@x>.ts', 'tab\there.ts', 'quote"d\\name.ts', 'ファイル 名.ts', 'AI-Origin: human-only.ts', '-n.ts', ' lead.ts'];
    for (const n of names) {
      repo.write(n, BODY);
      repo.mark(n, '1-2', 'claude-code', 'claude-opus-4');
    }
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'Hostile names');
    assert.deepEqual(repo.ours(), [
      'AI-Origin: ai-generated',
      `AI-Lines: ${2 * names.length}/${3 * names.length}`,
      'AI-Tools: claude-code:agentic',
      'Blast-Radius: low',
      'Assisted-by: Claude:claude-opus-4 [claude-code]',
    ]);
    assertClean();
  });

  it('tool names and model ids from the CLI are normalised or dropped', () => {
    repo.write('a.ts', BODY);
    repo.mark('a.ts', '1', 'evil\nReviewed-by: Mallory', 'model\nSigned-off-by: X');
    repo.write('b.ts', BODY);
    repo.mark('b.ts', '1', 'Copilot [x], y', 'gpt 4 (turbo)\u00e9');
    repo.write('c.ts', BODY);
    repo.mark('c.ts', '1', '$(touch /tmp/PWNED)', '`id`');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'Hostile tools');
    assertClean();
    const ours = repo.ours();
    assert.equal(ours[0], 'AI-Origin: ai-generated');
    assert.equal(ours[1], 'AI-Lines: 3/9');
  });

  it('a ledger written by hand with hostile strings (another process, a tampered file)', async () => {
    repo.write('d.ts', BODY);
    const dir = ledgerDirOf({ root: repo.root, gitDir: join(repo.root, '.git'), commonDir: join(repo.root, '.git'), worktreeKey: 'main' });
    mkdirSync(dir, { recursive: true });
    const store = new LedgerStore(dir, silentLogger, 'test');
    writeFileSync(
      store.fileFor('d.ts'),
      JSON.stringify({
        format: 'ai-provenance-ledger',
        version: 1,
        path: 'd.ts',
        contentHash: gitBlobId(BODY),
        updated: new Date().toISOString(),
        writer: 'x',
        ranges: [
          { id: 'a', start: [0, 0], end: [1, 0], lines: ['x'], kind: 'ai', tool: 'claude\nReviewed-by: M', mode: 'agentic', model: 'm\nSigned-off-by: Y <y@y>', time: new Date().toISOString(), confidence: 'high', edited: false },
          { id: 'b', start: [1, 0], end: [2, 0], lines: ['y'], kind: 'ai', tool: 'copilot', mode: 'agentic\nPWNED: 1', time: new Date().toISOString(), confidence: 'high', edited: false },
          { id: 'c', start: [2, 0], end: [3, 0], lines: ['z'], kind: 'ai', tool: 'x'.repeat(500), mode: 'suggestive', model: '\u202e\u0000rtl', time: new Date().toISOString(), confidence: 'high', edited: false },
        ],
      }),
    );
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'Tampered ledger');
    assertClean();
    await repo.idle();
  });

  it('hostile rule ids in the policy never reach Blast-Radius', () => {
    repo.write('.ai-provenance.json', JSON.stringify({ rules: [{ id: 'Evil\nReviewed-by: M', match: 'secret/**', tier: 'critical', reason: 'x' }, { id: 'ok.rule', match: 'secret/**', tier: 'high', reason: 'y' }] }));
    repo.write('secret/s.ts', BODY);
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'Policy');
    assertClean();
    assert.match(repo.ours().find((l) => l.startsWith('Blast-Radius'))!, /^Blast-Radius: (high|critical)/);
  });
});
