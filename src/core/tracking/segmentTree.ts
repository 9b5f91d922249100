/**
 * A document as a sequence of runs ("segments"), each with a length in UTF-16 code units and a
 * value (`null` for human text). Stored as an implicit treap keyed by cumulative length, so
 * splicing at an offset costs O(log n) however many segments the document holds: the naive
 * alternative, shifting every range after the edit, is what made large files stutter.
 *
 * Adjacent segments with the same value are always merged, so the segment count is at most
 * twice the number of AI runs plus one.
 */

export interface SegmentObserver<T> {
  /** A segment holding `value` appeared (created, split off, merged into). */
  added(value: T, length: number): void;
  /** A segment holding `value` disappeared (removed, split, merged away). */
  removed(value: T, length: number): void;
}

interface Node<T> {
  len: number;
  value: T | null;
  pri: number;
  left: Node<T> | null;
  right: Node<T> | null;
  /** Total length of this subtree. */
  sum: number;
}

export interface Run<T> {
  readonly start: number;
  readonly length: number;
  readonly value: T | null;
}

/** xorshift32: deterministic priorities keep benchmarks and property tests reproducible. */
function makeRandom(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export class SegmentTree<T> {
  private root: Node<T> | null = null;
  private readonly random: () => number;

  constructor(
    length: number,
    private readonly observer?: SegmentObserver<T>,
    seed = 0x2545f491,
  ) {
    this.random = makeRandom(seed);
    if (length > 0) this.root = this.node(length, null);
  }

  get length(): number {
    return this.root ? this.root.sum : 0;
  }

  /**
   * Replaces `[offset, offset + deleteLength)` with `runs` (in order), and returns what was
   * removed as runs relative to `offset`. Offsets past the end are clamped.
   */
  splice(offset: number, deleteLength: number, runs: readonly { length: number; value: T | null }[]): Run<T>[] {
    const total = this.length;
    const start = Math.max(0, Math.min(offset, total));
    const end = Math.max(start, Math.min(start + deleteLength, total));
    const [left, rest] = this.split(this.root, start);
    const [middle, right] = this.split(rest, end - start);
    const removed: Run<T>[] = [];
    this.collect(middle, 0, removed);
    for (const r of removed) this.notifyRemoved(r.value, r.length);
    let inserted: Node<T> | null = null;
    for (const run of runs) {
      if (run.length > 0) inserted = this.join(inserted, this.node(run.length, run.value));
    }
    this.root = this.join(this.join(left, inserted), right);
    return removed;
  }

  /** The run containing `offset` (the one starting at it when it falls on a boundary). */
  runAt(offset: number): Run<T> | undefined {
    let node = this.root;
    let base = 0;
    let off = offset;
    while (node) {
      const leftSum = node.left ? node.left.sum : 0;
      if (off < leftSum) {
        node = node.left;
      } else if (off < leftSum + node.len) {
        return { start: base + leftSum, length: node.len, value: node.value };
      } else {
        off -= leftSum + node.len;
        base += leftSum + node.len;
        node = node.right;
      }
    }
    return undefined;
  }

  /** All runs in document order. */
  runs(): Run<T>[] {
    const out: Run<T>[] = [];
    this.collect(this.root, 0, out);
    return out;
  }

  /** Runs with a non-null value, in document order, without materialising human runs. */
  valuedRuns(): Run<T>[] {
    return this.runs().filter((r) => r.value !== null);
  }

  /** Runs overlapping `[start, end)`, in order; cost O(log n + k). */
  runsIn(start: number, end: number): Run<T>[] {
    const out: Run<T>[] = [];
    const visit = (node: Node<T> | null, base: number): void => {
      if (!node || base >= end || base + node.sum <= start) return;
      const leftSum = node.left ? node.left.sum : 0;
      visit(node.left, base);
      const s = base + leftSum;
      if (s < end && s + node.len > start) out.push({ start: s, length: node.len, value: node.value });
      visit(node.right, s + node.len);
    };
    visit(this.root, 0);
    return out;
  }

  /** Replaces everything by a single run. */
  reset(length: number, value: T | null = null): void {
    for (const r of this.runs()) this.notifyRemoved(r.value, r.length);
    this.root = length > 0 ? this.node(length, value) : null;
  }

  // ---- treap internals ------------------------------------------------------------------

  private node(len: number, value: T | null): Node<T> {
    this.notifyAdded(value, len);
    return { len, value, pri: this.random(), left: null, right: null, sum: len };
  }

  private notifyAdded(value: T | null, len: number): void {
    if (value !== null && this.observer) this.observer.added(value, len);
  }

  private notifyRemoved(value: T | null, len: number): void {
    if (value !== null && this.observer) this.observer.removed(value, len);
  }

  private static update<T>(n: Node<T>): Node<T> {
    n.sum = n.len + (n.left ? n.left.sum : 0) + (n.right ? n.right.sum : 0);
    return n;
  }

  /** Splits into [first `offset` units, the rest]; a node straddling the cut is cut in two. */
  private split(node: Node<T> | null, offset: number): [Node<T> | null, Node<T> | null] {
    if (!node) return [null, null];
    if (offset <= 0) return [null, node];
    if (offset >= node.sum) return [node, null];
    const leftSum = node.left ? node.left.sum : 0;
    if (offset <= leftSum) {
      const [a, b] = this.split(node.left, offset);
      node.left = b;
      return [a, SegmentTree.update(node)];
    }
    if (offset >= leftSum + node.len) {
      const [a, b] = this.split(node.right, offset - leftSum - node.len);
      node.right = a;
      return [SegmentTree.update(node), b];
    }
    // The cut falls inside this node: it becomes the left part, a new node carries the rest.
    const cut = offset - leftSum;
    this.notifyRemoved(node.value, node.len);
    this.notifyAdded(node.value, cut);
    const tail = this.node(node.len - cut, node.value);
    tail.right = node.right;
    SegmentTree.update(tail);
    node.len = cut;
    node.right = null;
    SegmentTree.update(node);
    return [node, tail];
  }

  private merge(a: Node<T> | null, b: Node<T> | null): Node<T> | null {
    if (!a) return b;
    if (!b) return a;
    if (a.pri > b.pri) {
      a.right = this.merge(a.right, b);
      return SegmentTree.update(a);
    }
    b.left = this.merge(a, b.left);
    return SegmentTree.update(b);
  }

  /** Concatenates, fusing the two runs that meet at the seam when they hold the same value. */
  private join(a: Node<T> | null, b: Node<T> | null): Node<T> | null {
    if (!a) return b;
    if (!b) return a;
    const last = SegmentTree.last(a);
    const first = SegmentTree.first(b);
    if (last.value !== first.value) return this.merge(a, b);
    // Grow `last` in place (its ancestors' sums along the right spine grow too) and drop `first`.
    const grow = first.len;
    const [, bRest] = this.split(b, grow);
    this.notifyRemoved(first.value, grow);
    this.notifyRemoved(last.value, last.len);
    last.len += grow;
    this.notifyAdded(last.value, last.len);
    SegmentTree.addAlongRightSpine(a, grow);
    return this.merge(a, bRest);
  }

  private static last<T>(n: Node<T>): Node<T> {
    while (n.right) n = n.right;
    return n;
  }

  private static first<T>(n: Node<T>): Node<T> {
    while (n.left) n = n.left;
    return n;
  }

  private static addAlongRightSpine<T>(n: Node<T> | null, delta: number): void {
    while (n) {
      n.sum += delta;
      n = n.right;
    }
  }

  private collect(node: Node<T> | null, base: number, out: Run<T>[]): number {
    // Iterative in-order walk: documents can hold tens of thousands of runs.
    const stack: Node<T>[] = [];
    let pos = base;
    let cur = node;
    while (cur || stack.length) {
      while (cur) {
        stack.push(cur);
        cur = cur.left;
      }
      const n = stack.pop()!;
      out.push({ start: pos, length: n.len, value: n.value });
      pos += n.len;
      cur = n.right;
    }
    return pos;
  }
}
