/**
 * Guards for regular expressions written by repository authors. They run on every AI edit in
 * the editor, so a pattern that backtracks badly would freeze the extension host. We bound the
 * pattern length, require it to compile with a small set of flags, refuse patterns that match
 * empty text (they would flag every line), warn about nested unbounded quantifiers (the classic
 * catastrophic shape), and the scanner caps the length of each line it matches.
 */
export const MAX_PATTERN_LENGTH = 512;
/** `g` and `y` are ours to set; `d` and `v` add nothing per line. */
export const ALLOWED_FLAGS = 'imsu';

export type RegexCheck =
  | { readonly regex: RegExp; readonly warning?: string; readonly error?: undefined }
  | { readonly error: string };

export function checkUserRegex(source: string, flags = ''): RegexCheck {
  if (source === '') return { error: 'empty pattern' };
  if (source.length > MAX_PATTERN_LENGTH) return { error: `pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if (!ALLOWED_FLAGS.includes(f)) return { error: `flag '${f}' is not allowed (use any of '${ALLOWED_FLAGS}')` };
    if (flags.indexOf(f) !== i) return { error: `flag '${f}' is repeated` };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // V8 repeats the whole pattern in the message; the position already points at it.
    return { error: `invalid regular expression: ${message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}` };
  }
  if (regex.test('')) return { error: 'pattern matches empty text, so it would flag every line' };
  const nested = nestedQuantifier(source);
  return nested ? { regex, warning: `'${nested}' repeats a group that itself repeats without bound, which can make matching very slow; rewrite it without nested quantifiers` } : { regex };
}

/**
 * Returns the first group that is repeated without bound and itself contains an unbounded
 * quantifier, like `(a+)+` or `(?:\s*x)*`, or undefined. A heuristic: it does not prove a
 * pattern safe, and can flag a harmless one, so it only warns.
 */
export function nestedQuantifier(source: string): string | undefined {
  const stack: { start: number; unbounded: boolean }[] = [];
  let lastGroup: { start: number; end: number; unbounded: boolean } | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      lastGroup = undefined;
      continue;
    }
    if (c === '[') {
      // Skip the class, honouring escapes and a leading `]`.
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
      lastGroup = undefined;
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, unbounded: false });
      lastGroup = undefined;
      continue;
    }
    if (c === ')') {
      const group = stack.pop();
      if (!group) continue;
      lastGroup = { start: group.start, end: i, unbounded: group.unbounded };
      const parent = stack[stack.length - 1];
      if (parent && group.unbounded) parent.unbounded = true;
      continue;
    }
    const unbounded = c === '*' || c === '+' || (c === '{' && /^\{\d+,\}/.test(source.slice(i)));
    const repeating = unbounded || (c === '{' && /^\{\d+,\d+\}/.test(source.slice(i)) && !/^\{(\d+),\1\}/.test(source.slice(i)));
    if (repeating && lastGroup?.unbounded) return source.slice(lastGroup.start, c === '{' ? source.indexOf('}', i) + 1 : i + 1);
    if (unbounded) {
      const top = stack[stack.length - 1];
      if (top) top.unbounded = true;
    }
    lastGroup = undefined;
  }
  return undefined;
}
