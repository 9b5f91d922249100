import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { locateWrite, simulateEdits } from '../../../src/agents/locate';
import { alignTexts, insertedSpans, mapSpans } from '../../../src/agents/textDiff';
import type { Span } from '../../../src/state/markSpans';

const texts = (text: string, spans: readonly Span[]): string[] => spans.map((s) => text.slice(s.start, s.end));

describe('agents: text alignment', () => {
  it('finds only what a change wrote, down to the characters of a changed line', () => {
    const a = 'function f() {\n  return 1;\n}\n';
    const b = 'function f() {\n  // two\n  return 2;\n}\n';
    assert.deepEqual(texts(b, insertedSpans(a, b)), ['// two\n  return 2']);
    assert.deepEqual(texts('x\ny\n', insertedSpans('x\n', 'x\ny\n')), ['y\n']);
    assert.deepEqual(insertedSpans('same\n', 'same\n'), []);
    assert.deepEqual(texts('new', insertedSpans('', 'new')), ['new']);
    // Inside an edited line: only the new characters, but a rewritten word stays whole.
    assert.deepEqual(texts('  return Math.round(sum);\n', insertedSpans('  return sum;\n', '  return Math.round(sum);\n')), ['Math.round(', ')']);
    assert.deepEqual(texts('x = amount;\n', insertedSpans('x = value;\n', 'x = amount;\n')), ['amount']);
  });

  it('keeps an insertion in the middle of unchanged lines apart from them', () => {
    const a = ['a1', 'a2', 'a3', 'a4', 'a5'].join('\n') + '\n';
    const b = ['a1', 'a2', 'NEW', 'a3', 'a4', 'X5'].join('\n') + '\n';
    assert.deepEqual(texts(b, insertedSpans(a, b)), ['NEW\n', 'X']);
  });

  it('aligns texts so that equal runs really are equal, and the rest is exactly what changed (property)', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', 'dd', '  x', 'y;');
    const doc = fc.array(line, { maxLength: 25 }).map((ls) => ls.join('\n'));
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        const eqs = alignTexts(a, b);
        let lastA = 0;
        let lastB = 0;
        for (const e of eqs) {
          assert.equal(a.slice(e.a, e.a + e.len), b.slice(e.b, e.b + e.len));
          assert.ok(e.a >= lastA && e.b >= lastB, 'monotonic');
          lastA = e.a + e.len;
          lastB = e.b + e.len;
        }
        // Mapping all of a through the alignment never produces characters outside b.
        for (const s of mapSpans([{ start: 0, end: a.length }], eqs)) assert.ok(s.start >= 0 && s.end <= b.length);
        const inserted = insertedSpans(a, b).reduce((n, s) => n + s.end - s.start, 0);
        const kept = eqs.reduce((n, e) => n + e.len, 0);
        assert.equal(inserted + kept, b.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('agents: locating what an agent wrote', () => {
  const original = 'const a = 1;\nconst b = 2;\n// human comment\nconst c = 3;\n';

  it('replays edits on the original and marks only the new characters', () => {
    const after = 'const a = 1;\nconst b = 42;\n// human comment\nconst c = 3;\n';
    const r = locateWrite(after, { kind: 'edits', edits: [{ oldText: 'const b = 2;\n// human comment', newText: 'const b = 42;\n// human comment' }], original });
    assert.equal(r.method, 'replayed');
    assert.deepEqual(texts(after, r.spans), ['4']);
  });

  it('carries earlier edits through later ones (MultiEdit) and handles replace_all', () => {
    const s = simulateEdits('x = foo(1)\ny = foo(2)\n', [
      { oldText: 'foo', newText: 'barbaz', replaceAll: true },
      { oldText: 'y = barbaz(2)', newText: 'y = barbaz(2) + 1' },
    ])!;
    assert.equal(s.text, 'x = barbaz(1)\ny = barbaz(2) + 1\n');
    assert.deepEqual(texts(s.text, s.spans).sort(), [' + 1', 'barbaz', 'barbaz'].sort());
  });

  it('realigns to the file on disk when something changed it after the agent (a formatter)', () => {
    const after = 'const a = 1;\nconst b = 42;\n// human comment\n\nconst c = 3;\n';
    const r = locateWrite(after, { kind: 'edits', edits: [{ oldText: 'const b = 2;', newText: 'const b = 42;' }], original });
    assert.equal(r.method, 'replayed+realigned');
    assert.deepEqual(texts(after, r.spans), ['4']);
  });

  it('without the original, finds a unique new text and refuses an ambiguous one', () => {
    const after = 'log();\nlog();\nx = 1;\n';
    const unique = locateWrite(after, { kind: 'edits', edits: [{ oldText: 'x = 0;', newText: 'x = 1;' }] });
    assert.deepEqual(texts(after, unique.spans), ['1']);
    const ambiguous = locateWrite(after, { kind: 'edits', edits: [{ oldText: '', newText: 'log();' }] });
    assert.deepEqual(ambiguous.spans, []);
    assert.match(ambiguous.problems[0]!, /more than once/);
    const missing = locateWrite(after, { kind: 'edits', edits: [{ oldText: 'a', newText: 'zzz' }] });
    assert.match(missing.problems[0]!, /not found/);
  });

  it('marks a created file whole, and only the changed lines of a rewritten one', () => {
    const created = locateWrite('hello\nworld\n', { kind: 'content', content: 'hello\nworld\n', original: null });
    assert.deepEqual(created.spans, [{ start: 0, end: 12 }]);
    const rewritten = 'const a = 1;\nconst b = 2;\n// human comment\nconst c = 4;\n';
    const r = locateWrite(rewritten, { kind: 'content', content: rewritten, original });
    assert.deepEqual(texts(rewritten, r.spans), ['4']);
    const viaIndex = locateWrite(rewritten, { kind: 'content', content: rewritten }, original);
    assert.equal(viaIndex.method, 'diff-index');
    assert.deepEqual(texts(rewritten, viaIndex.spans), ['4']);
  });
});
