import { strict as assert } from 'node:assert';
import { LEDGER_VERSION, LedgerFormatError, LedgerTooNewError, parseLedger, serializeLedger } from '../../../src/core/ledger/format';

const good = {
  format: 'ai-provenance-ledger',
  version: 1,
  path: 'src/a.ts',
  contentHash: 'abc',
  updated: '2026-11-22T00:00:00.000Z',
  writer: 'cli',
  ranges: [
    { id: 'r1', start: [0, 0], end: [1, 0], lines: ['x'], kind: 'ai', tool: 'codex', mode: 'agentic', time: '2026-11-22T00:00:00.000Z', confidence: 'high', edited: false },
  ],
};

describe('ledger format', () => {
  it('round-trips through serialize and parse', () => {
    const { ledger, dropped } = parseLedger(JSON.stringify(good));
    assert.equal(dropped, 0);
    assert.deepEqual(parseLedger(serializeLedger(ledger)).ledger, ledger);
  });

  it('drops malformed ranges one by one and keeps the rest', () => {
    const bad = [
      { ...good.ranges[0], id: undefined },
      { ...good.ranges[0], mode: 'yolo' },
      { ...good.ranges[0], start: [2, 0], end: [1, 0] },
      { ...good.ranges[0], lines: ['a', 'b'] },
      { ...good.ranges[0], time: 'not a date' },
      'a string',
    ];
    const { ledger, dropped } = parseLedger(JSON.stringify({ ...good, ranges: [...good.ranges, ...bad] }));
    assert.equal(ledger.ranges.length, 1);
    assert.equal(dropped, bad.length);
  });

  it('normalises hostile tool and model strings', () => {
    const r = { ...good.ranges[0], tool: 'Evil\nAI-Origin: human-only', model: 'gpt\r\n5' };
    const { ledger } = parseLedger(JSON.stringify({ ...good, ranges: [r] }));
    assert.equal(ledger.ranges[0]!.tool, 'evil-ai-origin-human-only');
    assert.equal(ledger.ranges[0]!.model, 'gpt5');
  });

  it('rejects what is not a ledger', () => {
    assert.throws(() => parseLedger('{not json'), LedgerFormatError);
    assert.throws(() => parseLedger('[]'), LedgerFormatError);
    assert.throws(() => parseLedger(JSON.stringify({ ...good, format: 'other' })), LedgerFormatError);
  });

  it('refuses a ledger from a newer version rather than misread it', () => {
    assert.throws(() => parseLedger(JSON.stringify({ ...good, version: LEDGER_VERSION + 1 })), LedgerTooNewError);
  });
});
