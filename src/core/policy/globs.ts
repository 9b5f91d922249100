import { Minimatch, braceExpand } from 'minimatch';
import type { MinimatchOptions } from 'minimatch';

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
    const mm = new Minimatch(pattern, GLOB_OPTIONS);
    if (mm.set.length === 0 || mm.empty || mm.comment) return { error: `'${alt}' matches nothing` };
    if (!patterns.includes(pattern)) patterns.push(pattern);
  }
  return { patterns };
}

/** minimatch treats an unclosed `[` or `{` as literal text, which is never what a policy author meant. */
function checkBrackets(glob: string): string | undefined {
  let braces = 0;
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
    else if (c === '{') braces++;
    else if (c === '}') {
      if (braces === 0) return "unmatched '}'";
      braces--;
    }
  }
  if (inClass) return "unclosed '['";
  if (braces > 0) return "unclosed '{'";
  return undefined;
}

/** A compiled glob plus what the path index needs to find it without testing every glob. */
export interface CompiledGlob {
  readonly pattern: string;
  readonly matcher: Minimatch;
  readonly keys: IndexKeys;
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

/** Compiles patterns produced by normalizeGlob (throws on anything else: a programming error). */
export function compileGlobs(globs: readonly string[]): CompiledGlob[] {
  const out: CompiledGlob[] = [];
  for (const glob of globs) {
    const result = normalizeGlob(glob);
    if (result.error !== undefined) throw new Error(`invalid glob '${glob}': ${result.error}`);
    for (const pattern of result.patterns) {
      out.push({ pattern, matcher: new Minimatch(pattern, GLOB_OPTIONS), keys: globKeys(pattern) });
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
