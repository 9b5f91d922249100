import { Minimatch, braceExpand } from 'minimatch';
import type { MinimatchOptions } from 'minimatch';
import { LruCache } from './lru';

/**
 * Glob conventions for policy rules (documented in docs/policy.md):
 * - paths are repository-relative with `/`; dotfiles match `*` (`dot: true`);
 * - a glob without a `/` matches the file name at any depth (`*.tf` is `** /*.tf`), like .gitignore;
 * - a leading `/` anchors such a glob at the root (`/Makefile`);
 * - a trailing `/` means everything below (`docs/` is `docs/**`);
 * - braces are expanded here so that each alternative can be indexed on its own.
 */
export const GLOB_OPTIONS: MinimatchOptions = {
  dot: true,
  nonegate: true,
  nocomment: true,
  nobrace: true,
  // Our paths always use `/`; without this, minimatch on Windows would treat `\` as a separator.
  platform: 'linux',
};

export const MAX_GLOB_LENGTH = 500;
/** `{a,b}{c,d}...` grows geometrically; more alternatives than this is a mistake. */
export const MAX_BRACE_EXPANSIONS = 64;

export type GlobResult = { readonly patterns: readonly string[]; readonly error?: undefined } | { readonly error: string };

const MAGIC = /[*?[\]{}()!+@\\]/;

/** Validates one rule glob and returns its expanded, normalised minimatch patterns. */
export function normalizeGlob(glob: string): GlobResult {
  if (glob.trim() === '') return { error: 'empty glob' };
  if (glob.length > MAX_GLOB_LENGTH) return { error: `glob is longer than ${MAX_GLOB_LENGTH} characters` };
  if (glob !== glob.trim()) return { error: 'glob has leading or trailing spaces' };
  if (glob.startsWith('!')) return { error: "negated globs are not supported; use the rule's \"exclude\" or a later rule" };
  // `\` escapes the next character in a glob; before a letter or digit it is almost always a
  // Windows separator typed by habit, which would silently never match.
  if (/\\(?:[A-Za-z0-9]|$)/.test(glob)) return { error: "use '/' between folders ('\\' escapes the next character in a glob)" };
  if (glob.includes('***')) return { error: "'***' is not a glob; use '**' for any depth" };
  const balance = checkBrackets(glob);
  if (balance) return { error: balance };

  let body = glob.normalize('NFC');
  while (body.startsWith('./')) body = body.slice(2);
  const anchored = body.startsWith('/');
  body = body.replace(/^\/+/, '');
  // A trailing `/` means "everything below"; it does not anchor the glob (as in .gitignore).
  const below = body.endsWith('/');
  if (below) body = body.slice(0, -1);
  if (body === '') return { error: 'glob matches nothing' };
  const segments = body.split('/');
  if (segments.some((s) => s === '')) return { error: "empty folder name ('//') in glob" };
  if (segments.some((s) => s === '.' || s === '..')) return { error: "'.' and '..' are not allowed; globs are relative to the repository root" };

  const expanded = braceExpand(body);
  if (expanded.length > MAX_BRACE_EXPANSIONS) return { error: `braces expand to more than ${MAX_BRACE_EXPANSIONS} alternatives` };
  const patterns: string[] = [];
  for (const alt of expanded) {
    if (alt === '' || alt.split('/').some((s) => s === '.' || s === '..' || s === '')) {
      return { error: `alternative '${alt}' is empty or leaves the repository` };
    }
    const pattern = `${anchored || alt.includes('/') ? alt : `**/${alt}`}${below ? '/**' : ''}`;
    if (!patterns.includes(pattern)) patterns.push(pattern);
  }
  return { patterns };
}

/**
 * minimatch treats an unclosed `[` or `{` as literal text, which is never what a policy author
 * meant. Also bounds brace expansion before running it (a policy file is untrusted input, and
 * `{a,b}{a,b}...` or `{1..99999}` would expand to many thousands of patterns): the product of
 * the groups' alternative counts is an upper bound on the expansions.
 */
function checkBrackets(glob: string): string | undefined {
  const groups: number[] = [];
  let bound = 1;
  let inClass = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']' && glob[i - 1] !== '[' && !(glob[i - 1] === '!' && glob[i - 2] === '[')) inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '{') groups.push(1);
    else if (c === ',' && groups.length > 0) groups[groups.length - 1]!++;
    else if (c === '.' && glob[i + 1] === '.' && groups.length > 0) return "brace ranges such as {1..9} are not supported; list the alternatives";
    else if (c === '}') {
      const alternatives = groups.pop();
      if (alternatives === undefined) return "unmatched '}'";
      bound *= alternatives;
      if (bound > MAX_BRACE_EXPANSIONS) return `braces expand to more than ${MAX_BRACE_EXPANSIONS} alternatives`;
    }
  }
  if (inClass) return "unclosed '['";
  if (groups.length > 0) return "unclosed '{'";
  return undefined;
}

/** A compiled glob plus what the path index needs to find it without testing every glob. */
export interface CompiledGlob {
  readonly pattern: string;
  readonly keys: IndexKeys;
  match(path: string): boolean;
}

/**
 * Facts a matching path must have. `segments`: literal names one of the path's segments must
 * equal. `extensions`: literal extensions one segment must end with. `literal`: a substring the
 * path must contain.
 */
export interface IndexKeys {
  readonly segments: readonly string[];
  readonly extensions: readonly string[];
  readonly literal: string | undefined;
}

/**
 * Building a Minimatch costs tens of microseconds and the built-ins alone have hundreds of
 * patterns, while the index leaves most of them untested for a given path. So matchers are
 * built on first use, and shared between compilations (the editor recompiles on every policy
 * edit) through a bounded cache.
 */
const matchers = new LruCache<string, Minimatch>(4096);

function matcherFor(pattern: string): Minimatch {
  let mm = matchers.get(pattern);
  if (!mm) {
    mm = new Minimatch(pattern, GLOB_OPTIONS);
    matchers.set(pattern, mm);
  }
  return mm;
}

/** Compiles globs that normalizeGlob accepts (throws on anything else: a programming error). */
export function compileGlobs(globs: readonly string[]): CompiledGlob[] {
  const out: CompiledGlob[] = [];
  for (const glob of globs) {
    const result = normalizeGlob(glob);
    if (result.error !== undefined) throw new Error(`invalid glob '${glob}': ${result.error}`);
    for (const pattern of result.patterns) {
      let mm: Minimatch | undefined;
      out.push({ pattern, keys: globKeys(pattern), match: (path) => (mm ??= matcherFor(pattern)).match(path) });
    }
  }
  return out;
}

export function globKeys(pattern: string): IndexKeys {
  const parts = pattern.split('/');
  const segments = parts.filter((p) => p !== '**' && !MAGIC.test(p));
  const last = parts[parts.length - 1] ?? '';
  // A literal `.ext` at the very end of the last segment: the characters are excluded from the
  // class, so no wildcard can stand in for them.
  const ext = /\.([^.*?[\]{}()!+@\\/|]+)$/.exec(last)?.[1];
  return { segments, extensions: ext === undefined ? [] : [ext], literal: longestLiteral(parts) };
}

/**
 * The longest run of plain characters within one segment. Runs never cross `/` (`**` may match
 * no segment at all), skip character classes, and give up on segments with extglobs, whose
 * alternatives are not each required.
 */
export function longestLiteral(parts: readonly string[]): string | undefined {
  let best = '';
  for (const part of parts) {
    if (part.includes('(')) continue;
    let run = '';
    for (let i = 0; i < part.length; i++) {
      const c = part[i]!;
      if (c === '[') {
        const close = part.indexOf(']', i + 2);
        i = close === -1 ? part.length : close;
        run = '';
      } else if (c === '\\' || '*?{}!+@|]'.includes(c)) {
        if (c === '\\') i++;
        run = '';
      } else {
        run += c;
        if (run.length > best.length) best = run;
      }
    }
  }
  // Very short literals filter almost nothing and still cost a scan.
  return best.length >= 3 ? best : undefined;
}
