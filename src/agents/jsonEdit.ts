import type { Node, ParseError } from 'jsonc-parser';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';

/**
 * Minimal, byte-preserving edits of JSON (with comments) configuration files that belong to
 * someone else: only the text that is added is touched. jsonc-parser's own `modify` reformats the
 * surrounding array and moves comments, so insertions are written by hand here, in the file's own
 * indentation, and recorded so that they can be taken out again exactly.
 */

/** Text added at `offset` (of the text as it was just before this insertion). */
export interface Insertion {
  readonly offset: number;
  readonly text: string;
}

export class JsonEditError extends Error {}

export function parseJsonc(text: string, what: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    throw new JsonEditError(`${what} is not valid JSON${e ? ` (${printParseErrorCode(e.error)} at offset ${e.offset})` : ''}; not changed`);
  }
  if (root.type !== 'object') throw new JsonEditError(`${what} does not hold a JSON object; not changed`);
  return root;
}

/** The indentation unit the file uses (a tab, or its smallest run of leading spaces), default two spaces. */
export function indentUnit(text: string): string {
  let best: string | undefined;
  for (const m of text.matchAll(/\n([ \t]+)\S/g)) {
    const ws = m[1]!;
    if (ws.startsWith('\t')) return '\t';
    if (!best || ws.length < best.length) best = ws;
  }
  return best ?? '  ';
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Leading whitespace of the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function render(value: unknown, unit: string, base: string, eol: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(eol + base);
}

/**
 * Appends `value` to the array at `path` (e.g. ["hooks", "PostToolUse"]), creating the objects and
 * the array on the way when missing. One contiguous insertion.
 */
export function appendToArray(text: string, path: readonly string[], value: unknown, what: string): { text: string; insertion: Insertion } {
  const root = parseJsonc(text, what);
  const unit = indentUnit(text);
  const eol = eolOf(text);
  // Deepest existing container on the path.
  let node = root;
  let depth = 0;
  for (; depth < path.length; depth++) {
    const child = findNodeAtLocation(node, [path[depth]!]);
    if (!child) break;
    if (depth < path.length - 1 && child.type !== 'object') throw new JsonEditError(`${what}: "${path.slice(0, depth + 1).join('.')}" is not an object; not changed`);
    if (depth === path.length - 1 && child.type !== 'array') throw new JsonEditError(`${what}: "${path.join('.')}" is not an array; not changed`);
    node = child;
  }
  let insertion: Insertion;
  if (depth === path.length) {
    // The array exists: add after its last element, or inside it when empty.
    const children = node.children ?? [];
    const last = children[children.length - 1];
    if (last) {
      const base = lineIndent(text, last.offset);
      insertion = { offset: last.offset + last.length, text: `,${eol}${base}${render(value, unit, base, eol)}` };
    } else {
      const outer = lineIndent(text, node.offset);
      const base = outer + unit;
      insertion = { offset: node.offset + 1, text: `${eol}${base}${render(value, unit, base, eol)}${eol}${outer}` };
    }
  } else {
    // Build the missing tail, e.g. {"PostToolUse": [value]} inside "hooks", as one new property.
    let tail: unknown = [value];
    for (let i = path.length - 1; i > depth; i--) tail = { [path[i]!]: tail };
    const key = path[depth]!;
    const props = node.children ?? [];
    const lastProp = props[props.length - 1];
    if (lastProp) {
      const base = lineIndent(text, lastProp.offset);
      insertion = { offset: lastProp.offset + lastProp.length, text: `,${eol}${base}${JSON.stringify(key)}: ${render(tail, unit, base, eol)}` };
    } else {
      const outer = lineIndent(text, node.offset);
      const base = outer + unit;
      insertion = { offset: node.offset + 1, text: `${eol}${base}${JSON.stringify(key)}: ${render(tail, unit, base, eol)}${eol}${outer}` };
    }
  }
  return { text: text.slice(0, insertion.offset) + insertion.text + text.slice(insertion.offset), insertion };
}

/**
 * Takes recorded insertions out again, newest first. Undefined when the text no longer holds them
 * where they were put (the file was edited since): the caller then removes entries structurally.
 */
export function removeInsertions(text: string, insertions: readonly Insertion[]): string | undefined {
  let out = text;
  for (const ins of [...insertions].reverse()) {
    if (out.slice(ins.offset, ins.offset + ins.text.length) !== ins.text) return undefined;
    out = out.slice(0, ins.offset) + out.slice(ins.offset + ins.text.length);
  }
  return out;
}

/** Value of the JSON at `path`, or undefined. */
export function valueAt(text: string, path: readonly (string | number)[]): unknown {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return undefined;
  const node = findNodeAtLocation(root, [...path]);
  return node ? getNodeValue(node) : undefined;
}

/**
 * Removes the elements of the array at `path` that `remove` selects, keeping every other byte.
 * Returns the new text and how many were removed.
 */
export function removeArrayElements(text: string, path: readonly string[], remove: (value: unknown) => boolean, what: string): { text: string; removed: number } {
  let out = text;
  let removed = 0;
  for (;;) {
    const root = parseJsonc(out, what);
    const arr = findNodeAtLocation(root, [...path]);
    if (!arr || arr.type !== 'array') return { text: out, removed };
    const children = arr.children ?? [];
    const i = children.findIndex((c) => remove(getNodeValue(c)));
    if (i < 0) return { text: out, removed };
    out = cutListItem(out, arr, children, i);
    removed++;
  }
}

/**
 * Removes the property at `path` (the last key) when its value is an empty object or array:
 * containers this product created and no longer needs.
 */
export function removeIfEmpty(text: string, path: readonly string[], what: string): string {
  const root = parseJsonc(text, what);
  const parent = path.length > 1 ? findNodeAtLocation(root, [...path.slice(0, -1)]) : root;
  if (!parent || parent.type !== 'object') return text;
  const props = parent.children ?? [];
  const i = props.findIndex((p) => p.children?.[0]?.value === path[path.length - 1]);
  if (i < 0) return text;
  const value = props[i]!.children?.[1];
  if (!value || (value.type !== 'object' && value.type !== 'array') || (value.children?.length ?? 0) > 0) return text;
  if (/\/[/*]/.test(text.slice(value.offset, value.offset + value.length))) return text; // holds a comment: keep it
  return cutListItem(text, parent, props, i);
}

/** Cuts item `i` of a list (array elements or object properties) with the separator that goes with it. */
function cutListItem(text: string, list: Node, items: readonly Node[], i: number): string {
  const item = items[i]!;
  if (items.length === 1) {
    // The only item: leave the container as it would be written empty.
    const inner = text.slice(list.offset + 1, list.offset + list.length - 1);
    if (/\/[/*]/.test(inner.replace(text.slice(item.offset, item.offset + item.length), ''))) {
      return text.slice(0, item.offset) + text.slice(item.offset + item.length);
    }
    return text.slice(0, list.offset + 1) + text.slice(list.offset + list.length - 1);
  }
  if (i > 0) {
    const prev = items[i - 1]!;
    return text.slice(0, prev.offset + prev.length) + text.slice(item.offset + item.length);
  }
  const next = items[1]!;
  return text.slice(0, item.offset) + text.slice(next.offset);
}
