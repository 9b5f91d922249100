import type { ChangeSource } from '../../../src/core/tracking/provenanceTracker';
import { ProvenanceTracker } from '../../../src/core/tracking/provenanceTracker';
import { makeOrigin } from '../../../src/core/origin';

/**
 * A text plus its tracker, driven the way VS Code drives the extension: each edit is applied to
 * the text and reported to the tracker as (offset, deleted length, inserted length). `undo`
 * replays the inverse of an earlier edit with reason Undo, as VS Code's undo stack does.
 */
export class DocModel {
  text: string;
  readonly tracker: ProvenanceTracker;
  private readonly history: { offset: number; removed: string; inserted: string }[] = [];
  private readonly redoStack: { offset: number; removed: string; inserted: string }[] = [];
  private n = 0;

  constructor(text = '') {
    this.text = text;
    this.tracker = new ProvenanceTracker(text.length, () => `r${++this.n}`);
  }

  private apply(offset: number, del: number, insert: string, source: ChangeSource, record = true): this {
    const removed = this.text.slice(offset, offset + del);
    this.text = this.text.slice(0, offset) + insert + this.text.slice(offset + del);
    this.tracker.applyChanges([{ offset, deleteLength: del, insertLength: insert.length }], source);
    if (record) {
      this.history.push({ offset, removed, inserted: insert });
      this.redoStack.length = 0;
    }
    return this;
  }

  type(offset: number, text: string): this {
    return this.apply(offset, 0, text, { kind: 'human' });
  }

  del(offset: number, length: number): this {
    return this.apply(offset, length, '', { kind: 'human' });
  }

  replace(offset: number, length: number, text: string): this {
    return this.apply(offset, length, text, { kind: 'human' });
  }

  ai(offset: number, del: number, text: string, tool = 'copilot'): this {
    return this.apply(offset, del, text, { kind: 'ai', origin: makeOrigin({ tool, mode: 'suggestive', time: 1 }) });
  }

  undo(): this {
    const last = this.history.pop();
    if (!last) throw new Error('nothing to undo');
    this.redoStack.push(last);
    return this.apply(last.offset, last.inserted.length, last.removed, { kind: 'undo' }, false);
  }

  redo(): this {
    const next = this.redoStack.pop();
    if (!next) throw new Error('nothing to redo');
    this.history.push(next);
    return this.apply(next.offset, next.removed.length, next.inserted, { kind: 'redo' }, false);
  }

  /** The text with AI runs in brackets: `[..]` untouched, `{..}` edited; tool after a colon when asked. */
  view(withTool = false): string {
    let out = '';
    let pos = 0;
    for (const r of this.tracker.ranges()) {
      out += this.text.slice(pos, r.start);
      const body = this.text.slice(r.start, r.end) + (withTool ? `:${r.record.origin.tool}` : '');
      out += r.record.edited ? `{${body}}` : `[${body}]`;
      pos = r.end;
    }
    return out + this.text.slice(pos);
  }
}
