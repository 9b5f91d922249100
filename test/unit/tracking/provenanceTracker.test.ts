import { strict as assert } from 'node:assert';
import { DocModel } from './docModel';

type Case = [name: string, run: () => DocModel, expected: string];

describe('ProvenanceTracker: every kind of edit', () => {
  const cases: Case[] = [
    ['AI insertion in human text', () => new DocModel('hello world').ai(5, 0, ' big'), 'hello[ big] world'],
    ['typing before an AI range shifts it', () => new DocModel('ab').ai(1, 0, 'XY').type(0, '>>'), '>>a[XY]b'],
    ['typing after an AI range leaves it', () => new DocModel('ab').ai(1, 0, 'XY').type(4, '<<'), 'a[XY]b<<'],
    ['typing right at its end is not inside', () => new DocModel('ab').ai(1, 0, 'XY').type(3, 'z'), 'a[XY]zb'],
    ['typing right at its start is not inside', () => new DocModel('ab').ai(1, 0, 'XY').type(1, 'z'), 'az[XY]b'],
    ['typing inside splits it and marks it edited', () => new DocModel('ab').ai(1, 0, 'WXYZ').type(3, '-'), 'a{WX}-{YZ}b'],
    ['deleting all AI text removes the range', () => new DocModel('ab').ai(1, 0, 'XY').del(1, 2), 'ab'],
    ['deleting part of it trims it and marks it edited', () => new DocModel('ab').ai(1, 0, 'WXYZ').del(1, 2), 'a{YZ}b'],
    ['deleting across its start trims it', () => new DocModel('abc').ai(2, 0, 'XYZ').del(1, 2), 'a{YZ}c'],
    ['deleting across its end trims it', () => new DocModel('abc').ai(1, 0, 'XYZ').del(3, 2), 'a{XY}c'],
    ['deleting text around it leaves it', () => new DocModel('abcd').ai(2, 0, 'XY').del(0, 1).del(3, 1), 'b[XY]d'],
    ['replacing inside with human text', () => new DocModel('').ai(0, 0, 'ABCDEF').replace(2, 2, 'xx'), '{AB}xx{EF}'],
    ['replacing all of it with human text', () => new DocModel('q').ai(0, 0, 'ABC').replace(0, 3, 'h'), 'hq'],
    ['AI replacing human text', () => new DocModel('let x = 1;').ai(8, 1, '42'), 'let x = [42];'],
    ['AI replacing AI text makes a new range', () => new DocModel('').ai(0, 0, 'abc', 'a').ai(1, 1, 'Z', 'b'), '[a][Z][c]'],
    ['AI inside AI does not mark the outer edited', () => new DocModel('').ai(0, 0, 'abcd', 't1').ai(2, 0, 'ZZ', 't2'), '[ab][ZZ][cd]'],
    ['two AI ranges next to each other stay distinct', () => new DocModel('').ai(0, 0, 'ab', 'x').ai(2, 0, 'cd', 'y'), '[ab][cd]'],
    ['human text joined by deletion stays human', () => new DocModel('abc').del(1, 1), 'ac'],
    ['deleting the human text between two parts re-joins them', () => new DocModel('').ai(0, 0, 'ABCD').type(2, 'x').del(2, 1), '{ABCD}'],
    ['empty insert and delete change nothing', () => new DocModel('ab').ai(1, 0, 'X').type(1, '').del(1, 0), 'a[X]b'],
  ];
  for (const [name, run, expected] of cases) {
    it(name, () => assert.equal(run().view(), expected));
  }

  describe('undo and redo', () => {
    const undoCases: Case[] = [
      ['undo of an AI insertion removes its range', () => new DocModel('ab').ai(1, 0, 'XY').undo(), 'ab'],
      ['redo restores it', () => new DocModel('ab').ai(1, 0, 'XY').undo().redo(), 'a[XY]b'],
      ['undo of a human deletion of AI text brings it back as AI', () => new DocModel('ab').ai(1, 0, 'XY').del(1, 2).undo(), 'a[XY]b'],
      ['undo of typing inside makes the range intact again', () => new DocModel('').ai(0, 0, 'ABCD').type(2, 'x').undo(), '[ABCD]'],
      ['redo of that typing marks it edited again', () => new DocModel('').ai(0, 0, 'ABCD').type(2, 'x').undo().redo(), '{AB}x{CD}'],
      ['undo of a partial deletion restores the range intact', () => new DocModel('').ai(0, 0, 'ABCD').del(1, 2).undo(), '[ABCD]'],
      ['undo of an AI replacement brings the human text back', () => new DocModel('let x = 1;').ai(8, 1, '42').undo(), 'let x = 1;'],
      ['undo of overwriting AI text with human text', () => new DocModel('').ai(0, 0, 'ABC').replace(0, 3, 'h').undo(), '[ABC]'],
      ['undo twice through two AI edits', () => new DocModel('').ai(0, 0, 'AB', 'a').ai(2, 0, 'CD', 'b').undo().undo(), ''],
      ['undo, undo, redo, redo', () => new DocModel('').ai(0, 0, 'AB', 'a').ai(1, 0, 'CD', 'b').undo().undo().redo().redo(), '[A][CD][B]'],
      ['undo of human typing leaves AI elsewhere alone', () => new DocModel('xy').ai(1, 0, 'AI').type(0, 'h').undo(), 'x[AI]y'],
    ];
    for (const [name, run, expected] of undoCases) {
      it(name, () => assert.equal(run().view(), expected));
    }

    it('a backspace run over AI text is undone as one insertion and restored as AI', () => {
      const d = new DocModel('ab').ai(1, 0, 'XYZ');
      // Backspace three times from after Z: deletions at 3, 2, 1 of length 1.
      d.del(3, 1).del(2, 1).del(1, 1);
      assert.equal(d.view(), 'ab');
      d.text = 'aXYZb';
      d.tracker.applyChanges([{ offset: 1, deleteLength: 0, insertLength: 3 }], { kind: 'undo' });
      assert.equal(d.view(), 'a[XYZ]b');
    });

    it('a forward-delete run is restored in the right order', () => {
      const d = new DocModel('').ai(0, 0, 'P', 'p').ai(1, 0, 'Q', 'q').type(2, 'h');
      d.del(0, 1).del(0, 1).del(0, 1);
      d.text = 'PQh';
      d.tracker.applyChanges([{ offset: 0, deleteLength: 0, insertLength: 3 }], { kind: 'undo' });
      assert.equal(d.view(true), '[P:p][Q:q]h');
    });

    it('undo text that matches no deletion is human, never AI', () => {
      const d = new DocModel('abc').ai(3, 0, 'XY');
      d.text = 'abcXY...';
      d.tracker.applyChanges([{ offset: 5, deleteLength: 0, insertLength: 3 }], { kind: 'undo' });
      assert.equal(d.view(), 'abc[XY]...');
    });
  });

  describe('multi-change events (multi-cursor)', () => {
    it('applies each change in order against the text the previous left', () => {
      const d = new DocModel('a\nb\nc').ai(2, 1, 'BBB');
      assert.equal(d.view(), 'a\n[BBB]\nc');
      // Three cursors typing '#' at each line start, reported last-first like VS Code.
      d.text = '#a\n#BBB\n#c';
      d.tracker.applyChanges(
        [
          { offset: 6, deleteLength: 0, insertLength: 1 },
          { offset: 2, deleteLength: 0, insertLength: 1 },
          { offset: 0, deleteLength: 0, insertLength: 1 },
        ],
        { kind: 'human' },
      );
      assert.equal(d.view(), '#a\n#[BBB]\n#c');
    });
  });

  describe('queries and marks', () => {
    it('rangeAt and rangesIn find ranges by offset', () => {
      const d = new DocModel('0123456789').ai(2, 0, 'AA').ai(8, 0, 'BB');
      assert.equal(d.tracker.rangeAt(2)?.start, 2);
      assert.equal(d.tracker.rangeAt(4), undefined);
      assert.deepEqual(
        d.tracker.rangesIn(0, 9).map((r) => [r.start, r.end]),
        [
          [2, 4],
          [8, 10],
        ],
      );
    });

    it('setOrigin marks and unmarks spans', () => {
      const d = new DocModel('abcdef');
      const rec = d.tracker.newRecord({ kind: 'ai', tool: 'x', mode: 'agentic', time: 0, confidence: 'high' }, 4);
      d.tracker.setOrigin(1, 5, rec);
      assert.equal(d.view(), 'a[bcde]f');
      d.tracker.setOrigin(2, 3, null);
      assert.equal(d.view(), 'a[b]c[de]f');
      assert.equal(d.tracker.records().length, 1, 'both parts are one record');
    });

    it('clear forgets every range but keeps the length', () => {
      const d = new DocModel('abc').ai(1, 0, 'X');
      d.tracker.clear();
      assert.equal(d.tracker.ranges().length, 0);
      assert.equal(d.tracker.length, 4);
    });

    it('clamps changes that run past the end instead of throwing', () => {
      const d = new DocModel('abc');
      d.tracker.applyChanges([{ offset: 10, deleteLength: 5, insertLength: 2 }], { kind: 'human' });
      assert.equal(d.tracker.length, 5);
    });
  });
});
