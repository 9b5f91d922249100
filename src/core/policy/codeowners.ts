import { LineIndex } from '../text/lineIndex';
import type { PolicyProblem } from './model';
import type { PathParts } from './pathIndex';
import { PathIndex, splitPath } from './pathIndex';
import { longestLiteral } from './globs';
import { normalizeRepoPath } from './paths';

/** Where GitHub (first three, in its order of precedence) and GitLab look; the first found is used. */
export const CODEOWNERS_LOCATIONS: readonly string[] = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/** GitHub ignores larger files. */
export const MAX_CODEOWNERS_BYTES = 3 * 1024 * 1024;

export interface CodeownersEntry {
  /** As written (escapes removed for spaces). */
  readonly pattern: string;
  /** Empty when the line un-owns what earlier lines owned. */
  readonly owners: readonly string[];
  /** 1-based line in the file. */
  readonly line: number;
  /** Owns every path (`*`, `**`, `/**`): says nothing about risk. */
  readonly catchAll: boolean;
}

export interface Codeowners {
  /** Repository-relative location, e.g. `.github/CODEOWNERS`. */
  readonly file: string;
  readonly entries: readonly CodeownersEntry[];
}

const CATCH_ALL = new Set(['*', '**', '/**', '**/*', '/**/*']);
const OWNER = /^(?:@@?[\w.-]+(?:\/[\w.-]+)*|[^@\s/]+@[^@\s/]+\.[^@\s/]+)$/;

/**
 * Parses a CODEOWNERS file the way GitHub does (gitignore-style patterns, last match wins, no
 * `!` negation or `[...]` ranges: such lines are skipped, as GitHub skips them). GitLab section
 * headers (`[Section]`, `^[Optional]`) are skipped; their entries still count.
 */
export function parseCodeowners(text: string, file: string): { codeowners: Codeowners; problems: PolicyProblem[] } {
  const index = new LineIndex(text);
  const problems: PolicyProblem[] = [];
  const entries: CodeownersEntry[] = [];
  const warn = (line: number, column: number, length: number, message: string) => {
    const offset = index.lineStart(line) + column;
    problems.push({ file, line: line + 1, column: column + 1, offset, length: Math.max(1, length), severity: 'warning', message });
  };
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const body = raw.trim();
    if (body === '' || body.startsWith('#')) continue;
    if (body.startsWith('[') || body.startsWith('^[')) continue;
    const [first, ...rest] = tokenize(raw);
    if (first === undefined) continue;
    const pattern = first.text;
    if (pattern.startsWith('!')) {
      warn(line, first.start, first.length, `negation ('${pattern}') is not supported in CODEOWNERS; line skipped`);
      continue;
    }
    if (pattern.includes('[') || pattern.includes('***') || pattern.replace(/^\/+/, '') === '') {
      warn(line, first.start, first.length, `pattern '${pattern}' is not supported in CODEOWNERS (no '[...]' ranges, no '***', not empty); line skipped`);
      continue;
    }
    const owners: string[] = [];
    for (const token of rest) {
      if (token.text.startsWith('#')) break;
      if (OWNER.test(token.text)) owners.push(token.text);
      else warn(line, token.start, token.length, `'${token.text}' is not an owner (@user, @org/team or an email address); ignored`);
    }
    entries.push({ pattern, owners, line: line + 1, catchAll: CATCH_ALL.has(pattern) });
  }
  return { codeowners: { file, entries }, problems };
}

interface Token {
  /** With `\ ` unescaped to a space. */
  readonly text: string;
  /** Column and length in the raw line. */
  readonly start: number;
  readonly length: number;
}

/** Splits on whitespace; `\ ` (an escaped space, as in paths with spaces) stays inside a token. */
function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let start = -1;
  for (let i = 0; i <= raw.length; i++) {
    const c = raw[i];
    if (c === undefined || c === ' ' || c === '\t') {
      if (start !== -1) tokens.push({ text, start, length: i - start });
      text = '';
      start = -1;
      continue;
    }
    if (start === -1) start = i;
    if (c === '\\' && raw[i + 1] === ' ') {
      text += ' ';
      i++;
    } else text += c;
  }
  return tokens;
}

/**
 * A CODEOWNERS pattern as a RegExp over repository-relative paths, following GitHub's rules:
 * a single segment without a leading `/` matches at any depth; a pattern that does not end with
 * `/*` also owns everything below what it names; a trailing `/` owns only what is below; `*`
 * stays within a segment; `**` spans segments.
 */
export function codeownersRegex(pattern: string): RegExp {
  let segs = pattern.split('/');
  if (segs[0] === '') segs = segs.slice(1);
  else if ((segs.length === 1 || (segs.length === 2 && segs[1] === '')) && segs[0] !== '**') segs = ['**', ...segs];
  if (segs.length > 1 && segs[segs.length - 1] === '') segs[segs.length - 1] = '**';
  const last = segs.length - 1;
  let re = '^';
  let needSlash = false;
  segs.forEach((seg, i) => {
    if (seg === '**') {
      if (i === 0 && i === last) re += '.+';
      else if (i === 0) re += '(?:.+/)?';
      else if (i === last) re += '/.*';
      else re += '(?:/.+)?';
      needSlash = i !== 0;
      return;
    }
    if (needSlash) re += '/';
    if (seg === '*') re += '[^/]+';
    else {
      for (let j = 0; j < seg.length; j++) {
        const c = seg[j]!;
        if (c === '\\' && j + 1 < seg.length) re += escapeRegex(seg[++j]!);
        else if (c === '*') re += '[^/]*';
        else if (c === '?') re += '[^/]';
        else re += escapeRegex(c);
      }
      if (i === last) re += '(?:/.*)?';
    }
    needSlash = true;
  });
  return new RegExp(`${re}$`);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Finds the entry that decides a path's owners (the last matching one). */
export class CodeownersMatcher {
  private readonly index: PathIndex;

  constructor(readonly codeowners: Codeowners) {
    const entries = codeowners.entries.map((entry, owner) => {
      const regex = codeownersRegex(entry.pattern.normalize('NFC'));
      const parts = entry.pattern.replace(/^\/+/, '').split('/');
      const segments = parts.filter((p) => p !== '' && p !== '**' && !/[*?\\]/.test(p));
      const lastPart = parts[parts.length - 1] ?? '';
      // `*.js` owns any segment ending in `.js` (a folder too, and what is below it); the index
      // looks up the extension of every segment, so it is a valid key.
      const ext = /^[^/]*\.([^.*?\\/]+)$/.exec(lastPart)?.[1];
      return {
        owner,
        keys: { segments, extensions: ext === undefined ? [] : [ext], literal: longestLiteral(parts) },
        matches: (path: string) => regex.test(path),
      };
    });
    this.index = new PathIndex(entries, codeowners.entries.length);
  }

  match(path: string | PathParts): CodeownersEntry | undefined {
    const parts = typeof path === 'string' ? splitPath(normalizeRepoPath(path)) : path;
    const owners = this.index.matchingOwners(parts);
    const last = owners[owners.length - 1];
    return last === undefined ? undefined : this.codeowners.entries[last];
  }
}
