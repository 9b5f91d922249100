import { strict as assert } from 'node:assert';
import { anchorRanges, toLedgerRanges } from '../../../src/core/ledger/anchor';
import { loadParts } from '../../../src/core/ledger/trackerBridge';
import { makeOrigin } from '../../../src/core/origin';
import { ProvenanceTracker } from '../../../src/core/tracking/provenanceTracker';
import { LineIndex } from '../../../src/core/text/lineIndex';

const FILE = ['import x from "y";', '', 'function computeTotal(items) {', '  return items.reduce((a, b) => a + b.price, 0);', '}', '', 'export default computeTotal;', ''].join('\n');

/** Ledger ranges for `text` with AI over the given [start, end) offsets. */
function ledgerFor(text: string, spans: [number, number][]) {
  const tracker = new ProvenanceTracker(text.length, (() => {
    let n = 0;
    return () => `id${++n}`;
  })());
  for (const [s, e] of spans) tracker.setOrigin(s, e, tracker.newRecord(makeOrigin({ tool: 'claude-code', time: 5 }), e - s));
  return toLedgerRanges(new LineIndex(text), tracker.ranges());
}

function placed(text: string, ranges: ReturnType<typeof ledgerFor>, exact = false): string[] {
  return anchorRanges(ranges, new LineIndex(text), exact).parts.map((p) => text.slice(p.start, p.end));
}

describe('ledger anchoring', () => {
  const fnStart = FILE.indexOf('function');
  const fnEnd = FILE.indexOf('}\n') + 2;

  it('round-trips exactly when the text is unchanged', () => {
    const exp = FILE.indexOf('export');
    const ranges = ledgerFor(FILE, [[fnStart, fnEnd], [exp, exp + 6]]);
    assert.deepEqual(placed(FILE, ranges, true), placed(FILE, ranges, false));
    assert.deepEqual(placed(FILE, ranges, true), [FILE.slice(fnStart, fnEnd), 'export']);
  });

  it('keeps character precision inside a line', () => {
    const at = FILE.indexOf('a + b.price');
    const ranges = ledgerFor(FILE, [[at, at + 11]]);
    assert.deepEqual(placed(FILE, ranges), ['a + b.price']);
    assert.deepEqual(ranges[0]!.start, [3, FILE.split('\n')[3]!.indexOf('a + b')]);
  });

  it('follows lines that moved while the file was closed', () => {
    const ranges = ledgerFor(FILE, [[fnStart, fnEnd]]);
    const moved = '// header added by someone\n// and another line\n' + FILE;
    const result = anchorRanges(ranges, new LineIndex(moved), false);
    assert.equal(result.moved, 1);
    assert.equal(moved.slice(result.parts[0]!.start, result.parts[0]!.end), FILE.slice(fnStart, fnEnd));
  });

  it('picks the copy nearest to where the range was when lines repeat', () => {
    const block = 'const total = computeTotal(cart.items);\n';
    const text = block + 'x\n'.repeat(20) + block;
    const ranges = ledgerFor(text, [[text.lastIndexOf(block), text.length]]);
    const shifted = 'new line\n' + text;
    const parts = anchorRanges(ranges, new LineIndex(shifted), false).parts;
    assert.equal(parts.length, 1);
    assert.equal(parts[0]!.start, shifted.lastIndexOf(block));
  });

  it('keeps the parts of a range whose other lines were rewritten', () => {
    const ranges = ledgerFor(FILE, [[fnStart, fnEnd]]);
    const changed = FILE.replace('function computeTotal(items) {', 'function computeTotal(items, tax) {');
    const got = placed(changed, ranges);
    assert.deepEqual(got, ['  return items.reduce((a, b) => a + b.price, 0);\n}\n']);
  });

  it('drops a range it can no longer find rather than misplace it', () => {
    const ranges = ledgerFor(FILE, [[fnStart, fnEnd]]);
    const rewritten = FILE.slice(0, fnStart) + 'const computeTotal = (xs) => xs.length;\n' + FILE.slice(fnEnd);
    const result = anchorRanges(ranges, new LineIndex(rewritten), false);
    assert.equal(result.parts.length, 0);
    assert.equal(result.lost, 1);
  });

  it('does not re-anchor a short, common line elsewhere', () => {
    const text = 'a()\n}\nb()\n}\n';
    const ranges = ledgerFor(text, [[4, 6]]);
    const result = anchorRanges(ranges, new LineIndex('zzz\n' + text.replace('a()\n}\n', '')), false);
    assert.equal(result.parts.length, 0, 'a lone brace is not evidence enough');
  });

  it('reloads split records as one record with their edited flag', () => {
    const text = 'AAAA human BBBB';
    const tracker = new ProvenanceTracker(text.length, () => 'same');
    const rec = tracker.newRecord(makeOrigin({ tool: 'codex', time: 1 }), 15);
    tracker.setOrigin(0, 15, rec);
    tracker.setOrigin(4, 11, null);
    rec.edited = true;
    const ranges = toLedgerRanges(new LineIndex(text), tracker.ranges());
    assert.equal(ranges.length, 2);
    const fresh = new ProvenanceTracker(text.length);
    const created = loadParts(fresh, anchorRanges(ranges, new LineIndex(text), true).parts);
    assert.equal(created.length, 1);
    assert.equal(created[0]!.edited, true);
    assert.equal(created[0]!.editedPersisted, true);
    assert.deepEqual(fresh.ranges().map((r) => [r.start, r.end]), [[0, 4], [11, 15]]);
  });
});
