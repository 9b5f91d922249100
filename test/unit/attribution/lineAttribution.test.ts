import { strict as assert } from 'node:assert';
import { attributeLines, countContentLines } from '../../../src/core/attribution/lineAttribution';
import { LineIndex } from '../../../src/core/text/lineIndex';

function lines(text: string, spans: [number, number][]): Record<number, string> {
  const out: Record<number, string> = {};
  const map = attributeLines(new LineIndex(text), spans.map(([start, end], i) => ({ start, end, value: `s${i}` })));
  for (const [line, info] of map) out[line] = `${info.values.join('+')}${info.edited ? ' edited' : ''}`;
  return out;
}

describe('line attribution', () => {
  const text = 'alpha\n    beta\n\ngamma delta\n';

  it('a line is AI when an AI character on it is not whitespace', () => {
    assert.deepEqual(lines(text, [[0, 5]]), { 0: 's0' });
  });

  it('AI whitespace alone does not make a line AI', () => {
    assert.deepEqual(lines(text, [[6, 10], [15, 16]]), {});
  });

  it('a line with human text too is edited', () => {
    const at = text.indexOf('delta');
    assert.deepEqual(lines(text, [[at, at + 5]]), { 3: 's0 edited' });
  });

  it('a range over several lines attributes each', () => {
    assert.deepEqual(lines(text, [[0, text.length]]), { 0: 's0', 1: 's0', 3: 's0' });
  });

  it('two AI spans on one line with only whitespace between are not edited', () => {
    const at = text.indexOf('gamma');
    assert.deepEqual(lines(text, [[at, at + 5], [at + 6, at + 11]]), { 3: 's0+s1' });
  });

  it('CRLF line breaks are not content', () => {
    assert.deepEqual(lines('ab\r\ncd\r\n', [[0, 8]]), { 0: 's0', 1: 's0' });
  });

  it('counts non-blank lines', () => {
    assert.equal(countContentLines(new LineIndex(text)), 3);
  });
});
