import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { makeOrigin } from '../../../src/core/origin';
import type { ChangeSource } from '../../../src/core/tracking/provenanceTracker';
import { ProvenanceTracker } from '../../../src/core/tracking/provenanceTracker';

/**
 * The simplest correct model: one owner per character (a record id or null for human), a set of
 * edited record ids, and whole-state snapshots for undo and redo. The tracker must agree with it
 * on every character after every step.
 */
interface RefState {
  owners: (string | null)[];
  edited: Set<string>;
}

type Op =
  | { t: 'human'; at: number; del: number; ins: number }
  | { t: 'ai'; at: number; del: number; ins: number }
  | { t: 'undo' }
  | { t: 'redo' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('human' as const), at: fc.nat(), del: fc.nat({ max: 6 }), ins: fc.nat({ max: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('ai' as const), at: fc.nat(), del: fc.nat({ max: 6 }), ins: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.constant({ t: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'redo' as const }) },
);

function clone(s: RefState): RefState {
  return { owners: [...s.owners], edited: new Set(s.edited) };
}

function refEdit(s: RefState, at: number, del: number, ins: number, owner: string | null): RefState {
  const next = clone(s);
  const removed = next.owners.splice(at, del);
  if (owner === null) {
    for (const id of new Set(removed)) if (id !== null && next.owners.includes(id)) next.edited.add(id);
    const before = next.owners[at - 1];
    if (ins > 0 && at > 0 && at < next.owners.length && before !== null && before !== undefined && before === next.owners[at]) next.edited.add(before);
  }
  next.owners.splice(at, 0, ...Array<string | null>(ins).fill(owner));
  return next;
}

function trackerOwners(tracker: ProvenanceTracker, length: number, names: Map<string, string>): (string | null)[] {
  const out: (string | null)[] = Array<string | null>(length).fill(null);
  for (const r of tracker.ranges()) for (let i = r.start; i < r.end; i++) out[i] = names.get(r.record.id) ?? `?${r.record.id}`;
  return out;
}

function run(initial: number, ops: Op[], compareEdited: boolean): void {
  const names = new Map<string, string>();
  let n = 0;
  const tracker = new ProvenanceTracker(initial, () => `rec${++n}`);
  let state: RefState = { owners: Array<string | null>(initial).fill(null), edited: new Set() };
  // Each history entry: the change to replay and the states on both sides of it.
  const undo: { at: number; del: number; ins: number; before: RefState; after: RefState }[] = [];
  const redo: typeof undo = [];

  for (const op of ops) {
    let source: ChangeSource;
    let change: { offset: number; deleteLength: number; insertLength: number };
    if (op.t === 'undo' || op.t === 'redo') {
      const entry = (op.t === 'undo' ? undo : redo).pop();
      if (!entry) continue;
      (op.t === 'undo' ? redo : undo).push(entry);
      change =
        op.t === 'undo'
          ? { offset: entry.at, deleteLength: entry.ins, insertLength: entry.del }
          : { offset: entry.at, deleteLength: entry.del, insertLength: entry.ins };
      state = clone(op.t === 'undo' ? entry.before : entry.after);
      source = { kind: op.t };
    } else {
      const at = state.owners.length === 0 ? 0 : op.at % (state.owners.length + 1);
      const del = Math.min(op.del, state.owners.length - at);
      if (del === 0 && op.ins === 0) continue;
      const id = op.t === 'ai' ? `rec${n + 1}` : null;
      const before = state;
      state = refEdit(state, at, del, op.ins, id);
      if (id) names.set(id, id);
      undo.push({ at, del, ins: op.ins, before, after: state });
      redo.length = 0;
      change = { offset: at, deleteLength: del, insertLength: op.ins };
      source = op.t === 'ai' ? { kind: 'ai', origin: makeOrigin({ tool: 't', mode: 'suggestive', time: 0 }) } : { kind: 'human' };
    }
    tracker.applyChanges([change], source);
    assert.equal(tracker.length, state.owners.length, 'length');
    assert.deepEqual(trackerOwners(tracker, tracker.length, names), state.owners, `owners after ${JSON.stringify(op)}`);
    if (compareEdited) {
      const edited = new Set(tracker.records().filter((r) => r.edited).map((r) => r.id));
      const live = new Set(state.owners.filter((o): o is string => o !== null));
      assert.deepEqual(edited, new Set([...state.edited].filter((id) => live.has(id))), `edited after ${JSON.stringify(op)}`);
    }
  }
}

describe('ProvenanceTracker against a per-character reference model', () => {
  it('agrees on every character and every edited flag for random edits', () => {
    const edits = opArb.filter((o) => o.t === 'human' || o.t === 'ai');
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.array(edits, { maxLength: 60 }), (initial, ops) => run(initial, ops, true)),
      { numRuns: 400, seed: 20261122 },
    );
  });

  it('agrees on every character through random undo and redo', () => {
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.array(opArb, { maxLength: 80 }), (initial, ops) => run(initial, ops, false)),
      { numRuns: 400, seed: 4242 },
    );
  });

  it('the reference model itself notices a wrong owner (the comparison can fail)', () => {
    const tracker = new ProvenanceTracker(3, () => 'x');
    tracker.applyChanges([{ offset: 1, deleteLength: 0, insertLength: 2 }], { kind: 'ai', origin: makeOrigin({ tool: 't' }) });
    assert.throws(() => assert.deepEqual(trackerOwners(tracker, 5, new Map([['x', 'x']])), [null, null, 'x', 'x', null]));
  });
});
