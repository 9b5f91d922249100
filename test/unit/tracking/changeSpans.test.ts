import { strict as assert } from 'node:assert';
import { insertedSpans } from '../../../src/core/tracking/changeSpans';

describe('insertedSpans', () => {
  it('one change', () => assert.deepEqual(insertedSpans([{ offset: 3, deleteLength: 1, insertLength: 4 }]), [[3, 7]]));
  it('changes reported last-first (as VS Code does) stay put', () =>
    assert.deepEqual(
      insertedSpans([
        { offset: 10, deleteLength: 0, insertLength: 2 },
        { offset: 0, deleteLength: 0, insertLength: 3 },
      ]),
      [
        [0, 3],
        [13, 15],
      ],
    ));
  it('a later change before an earlier insertion shifts it', () =>
    assert.deepEqual(
      insertedSpans([
        { offset: 5, deleteLength: 0, insertLength: 2 },
        { offset: 1, deleteLength: 2, insertLength: 0 },
      ]),
      [[3, 5]],
    ));
  it('pure deletions insert nothing', () => assert.deepEqual(insertedSpans([{ offset: 1, deleteLength: 5, insertLength: 0 }]), []));
});
