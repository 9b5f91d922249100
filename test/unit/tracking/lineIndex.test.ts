import { strict as assert } from 'node:assert';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { gitBlobId, lineHash } from '../../../src/core/text/hash';
import { execFileSync } from 'node:child_process';

describe('LineIndex and hashes', () => {
  it('maps offsets and positions for \\n, \\r\\n and \\r', () => {
    const t = new LineIndex('a\r\nbc\rd\ne');
    assert.equal(t.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => t.lineText(l)), ['a', 'bc', 'd', 'e']);
    assert.deepEqual(t.positionAt(4), { line: 1, character: 1 });
    assert.equal(t.offsetAt({ line: 2, character: 0 }), 6);
    assert.equal(t.offsetAt({ line: 9, character: 0 }), t.length);
  });

  it('gitBlobId equals git hash-object', () => {
    const text = 'héllo\nwörld\n';
    const expected = execFileSync('git', ['hash-object', '--stdin'], { input: Buffer.from(text, 'utf8') }).toString().trim();
    assert.equal(gitBlobId(text), expected);
  });

  it('lineHash ignores trailing whitespace only', () => {
    assert.equal(lineHash('x = 1;   '), lineHash('x = 1;'));
    assert.notEqual(lineHash('  x = 1;'), lineHash('x = 1;'));
  });
});
