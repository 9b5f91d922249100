import { randomBytes } from 'node:crypto';
import type { StreamOptions } from './gitStream';
import { streamGitLines } from './gitStream';

/** The notes ref the commit hook writes line-level provenance to. */
export const NOTES_REF = 'refs/notes/ai-provenance';

export type FileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';

/** One line of a diff kept for content scanning: added, or one line of context after a hunk edge. */
export interface DiffLine {
  /** 0-based line in the new file. */
  readonly line: number;
  readonly text: string;
  readonly added: boolean;
}

export interface FileChange {
  /** Path in the new tree; for a deletion, the path that was deleted. */
  path: string;
  /** Path in the old tree when it differs (rename, copy). */
  oldPath: string | undefined;
  status: FileStatus;
  binary: boolean;
  /** A gitlink (submodule pointer): its "lines" are commit ids, not counted. */
  submodule: boolean;
  added: number;
  deleted: number;
  /** 1-based line of the first added line, for locations. */
  firstAddedLine: number | undefined;
  /** Only when the commit's lines are retained (see LogReadOptions.retainLines). */
  lines: DiffLine[] | undefined;
}

export interface CommitHeader {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly authorName: string;
  readonly authorEmail: string;
  /** ISO 8601, strict. */
  readonly authorDate: string;
  readonly committerDate: string;
  /** `Key: value` lines of the trailer block as git parses it (`%(trailers:only,unfold)`). */
  readonly trailers: readonly { readonly key: string; readonly value: string }[];
  /** The note under refs/notes/ai-provenance, when there is one. */
  readonly note: string | undefined;
  /** The raw message (`%B`). */
  readonly message: string;
}

export interface LogCommit extends CommitHeader {
  readonly files: readonly FileChange[];
}

export interface LogReadOptions extends StreamOptions {
  /** Revision arguments, e.g. [`<merge-base>..<head>`]; must not start with `-`. */
  readonly revisions: readonly string[];
  /** Extra `git log` options placed before the revisions (e.g. `--since=...`). */
  readonly extraArgs?: readonly string[];
  /** Keep the text of added lines (and one line of context) for the commits this returns true for. */
  readonly retainLines?: (header: CommitHeader) => boolean;
  /** Read notes from NOTES_REF. Default true. */
  readonly notes?: boolean;
  /** Lines of context around hunks: 1 lets content rules look at the line after a change. Default 1. */
  readonly context?: number;
}

/**
 * The `git log` arguments of the one pass over a range. Everything that user or repository
 * configuration could change in the output is pinned: prefixes, quoting, colours, external diff
 * and textconv drivers, signatures, notes, rename detection and the message encoding.
 */
export function logArgs(nonce: string, options: Pick<LogReadOptions, 'revisions' | 'extraArgs' | 'notes' | 'context'>): string[] {
  const format = `%x00${nonce}S%x00%H%x00%P%x00%an%x00%ae%x00%aI%x00%cI%x00%(trailers:only,unfold)%x00%N%x00%B%x00${nonce}E`;
  return [
    '-c',
    'core.quotePath=false',
    '-c',
    'diff.noprefix=false',
    '-c',
    'diff.mnemonicPrefix=false',
    'log',
    `--format=${format}`,
    '--no-notes',
    ...(options.notes === false ? [] : [`--notes=${NOTES_REF}`]),
    '-p',
    `-U${options.context ?? 1}`,
    '--diff-merges=off',
    '--find-renames',
    '--root',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--no-relative',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '--encoding=UTF-8',
    '--no-show-signature',
    // Oldest first, so findings read in the order the work was done.
    '--reverse',
    ...(options.extraArgs ?? []),
    ...options.revisions,
    '--',
  ];
}

/** Environment for the pass: untranslated git messages ("Binary files ... differ"). */
export function logEnv(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return { ...(env ?? process.env), LC_ALL: 'C', LANGUAGE: 'C' };
}

/**
 * Reads a range in ONE `git log -p` process and hands each commit to `onCommit` as soon as its
 * diff has been read. Merge commits come with no files (`--diff-merges=off`); callers skip them.
 * Rejects on a git failure with git's message.
 */
export async function readLog(options: LogReadOptions, onCommit: (commit: LogCommit) => void): Promise<void> {
  for (const r of options.revisions) if (r.startsWith('-')) throw new Error(`invalid revision '${r}'`);
  const nonce = `AIP${randomBytes(8).toString('hex')}`;
  const parser = new LogParser(nonce, onCommit, options.retainLines);
  const result = await streamGitLines(logArgs(nonce, options), { ...options, env: logEnv(options.env) }, (line) => parser.push(line));
  parser.end();
  if (result.code !== 0) throw new Error(`git log failed: ${result.stderr.trim() || `exit ${result.code}`}`);
}

const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Parses the output of `git log` with logArgs' format, line by line. Exported for tests. */
export class LogParser {
  private readonly start: string;
  private readonly endMarker: string;
  private header: string[] | undefined;
  private current: { header: CommitHeader; files: FileChange[]; retain: boolean } | undefined;
  private file: FileChange | undefined;
  /** Whether the current file's extended header (before `---`/`+++`/`@@`) is still being read. */
  private inFileHeader = false;
  private oldLeft = 0;
  private newLeft = 0;
  private newLine = 0;

  constructor(
    nonce: string,
    private readonly onCommit: (commit: LogCommit) => void,
    private readonly retainLines: ((header: CommitHeader) => boolean) | undefined,
  ) {
    this.start = `\0${nonce}S\0`;
    this.endMarker = `\0${nonce}E`;
  }

  push(line: string): void {
    if (this.header) {
      this.header.push(line);
      if (line.endsWith(this.endMarker)) this.finishHeader();
      return;
    }
    // Inside a hunk every line is content, whatever it looks like.
    if (this.oldLeft > 0 || this.newLeft > 0) {
      this.hunkLine(line);
      return;
    }
    if (line.startsWith(this.start)) {
      this.flushCommit();
      this.header = [line.slice(this.start.length)];
      if (line.endsWith(this.endMarker)) this.finishHeader();
      return;
    }
    if (!this.current) return;
    if (line.startsWith('diff --git ')) {
      this.startFile(line.slice('diff --git '.length));
      return;
    }
    const f = this.file;
    if (!f) return;
    if (line.startsWith('@@')) {
      const m = HUNK_RE.exec(line);
      if (!m) return;
      this.inFileHeader = false;
      this.oldLeft = m[2] === undefined ? 1 : Number(m[2]);
      this.newLeft = m[4] === undefined ? 1 : Number(m[4]);
      this.newLine = Number(m[3]);
      if (this.newLeft === 0) this.newLine++;
      return;
    }
    if (!this.inFileHeader) return;
    if (line.startsWith('--- ')) {
      const p = diffPath(line.slice(4), 'a/');
      if (p === undefined) f.status = 'added';
      return;
    }
    if (line.startsWith('+++ ')) {
      const p = diffPath(line.slice(4), 'b/');
      if (p === undefined) f.status = 'deleted';
      else f.path = p;
      return;
    }
    if (line.startsWith('rename from ') || line.startsWith('copy from ')) {
      const isRename = line.startsWith('rename');
      f.oldPath = unquote(line.slice(isRename ? 12 : 10));
      f.status = isRename ? 'renamed' : 'copied';
      return;
    }
    if (line.startsWith('rename to ') || line.startsWith('copy to ')) {
      f.path = unquote(line.slice(line.startsWith('rename') ? 10 : 8));
      return;
    }
    if (line.startsWith('new file mode ')) {
      f.status = 'added';
      if (line.endsWith(' 160000')) f.submodule = true;
      return;
    }
    if (line.startsWith('deleted file mode ')) {
      f.status = 'deleted';
      if (line.endsWith(' 160000')) f.submodule = true;
      return;
    }
    if (line.startsWith('index ')) {
      if (line.endsWith(' 160000')) f.submodule = true;
      return;
    }
    if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
      f.binary = true;
      return;
    }
  }

  end(): void {
    if (this.header) throw new Error('git log output ended inside a commit header');
    this.flushCommit();
  }

  private finishHeader(): void {
    const text = this.header!.join('\n');
    this.header = undefined;
    const fields = text.slice(0, text.length - this.endMarker.length).split('\0');
    if (fields.length < 9) throw new Error('unexpected git log output (commit header)');
    const [sha, parents, authorName, authorEmail, authorDate, committerDate, trailers, note] = fields as [string, string, string, string, string, string, string, string];
    // The message is last: anything in it, even our separator, stays in the message.
    const message = fields.slice(8).join('\0');
    const header: CommitHeader = {
      sha,
      parents: parents.split(' ').filter(Boolean),
      authorName,
      authorEmail,
      authorDate,
      committerDate,
      trailers: parseTrailerLines(trailers),
      note: note.trim() === '' ? undefined : note,
      message,
    };
    this.current = { header, files: [], retain: this.retainLines ? this.retainLines(header) : false };
  }

  private startFile(rest: string): void {
    const cur = this.current!;
    const [a, b] = splitDiffGitLine(rest);
    this.file = {
      path: b ?? a ?? rest,
      oldPath: undefined,
      status: 'modified',
      binary: false,
      submodule: false,
      added: 0,
      deleted: 0,
      firstAddedLine: undefined,
      lines: cur.retain ? [] : undefined,
    };
    this.inFileHeader = true;
    cur.files.push(this.file);
    if (a !== undefined && b !== undefined && a !== b) this.file.oldPath = a;
  }

  private hunkLine(line: string): void {
    const f = this.file!;
    const c = line.charCodeAt(0);
    if (c === 43 /* + */) {
      this.newLeft--;
      if (f.submodule) return;
      f.added++;
      if (f.firstAddedLine === undefined) f.firstAddedLine = this.newLine;
      if (f.lines) f.lines.push({ line: this.newLine - 1, text: stripCr(line.slice(1)), added: true });
      this.newLine++;
    } else if (c === 45 /* - */) {
      this.oldLeft--;
      if (!f.submodule) f.deleted++;
    } else if (c === 32 /* space */ || line === '') {
      this.oldLeft--;
      this.newLeft--;
      if (f.lines) f.lines.push({ line: this.newLine - 1, text: stripCr(line.slice(1)), added: false });
      this.newLine++;
    }
    // `\ No newline at end of file` counts for neither side.
  }

  private flushCommit(): void {
    if (!this.current) return;
    const { header, files } = this.current;
    this.current = undefined;
    this.file = undefined;
    this.oldLeft = this.newLeft = 0;
    // A rename shows its old path in `diff --git`; a deletion has no new path.
    for (const f of files) {
      if (f.status === 'modified' && f.oldPath !== undefined) f.status = 'renamed';
      if (f.status === 'deleted' && f.oldPath !== undefined) f.oldPath = undefined;
    }
    this.onCommit({ ...header, files });
  }
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** `%(trailers:only,unfold)` output: one `Key: value` per line. */
export function parseTrailerLines(text: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    out.push({ key: line.slice(0, i).trim(), value: line.slice(i + 1).trim() });
  }
  return out;
}

/** A path from a `---`/`+++` line; undefined for /dev/null. */
function diffPath(raw: string, prefix: string): string | undefined {
  if (raw === '/dev/null') return undefined;
  // git appends a tab to names with spaces (for GNU patch), quoted or not.
  const bare = raw.endsWith('\t') ? raw.slice(0, -1) : raw;
  let p = bare.startsWith('"') ? unquote(bare) : bare;
  if (p.startsWith(prefix)) p = p.slice(prefix.length);
  return p;
}

/**
 * `a/<old> b/<new>` from a `diff --git` line. Unquoted names with spaces are ambiguous in
 * general; when both names are equal (every change but a rename or copy, whose names come from
 * their own header lines) the split is exact.
 */
export function splitDiffGitLine(rest: string): [string | undefined, string | undefined] {
  if (rest.startsWith('"') || rest.endsWith('"')) {
    const tokens: string[] = [];
    let i = 0;
    while (i < rest.length && tokens.length < 2) {
      if (rest[i] === ' ') {
        i++;
        continue;
      }
      if (rest[i] === '"') {
        const end = closingQuote(rest, i);
        tokens.push(unquote(rest.slice(i, end + 1)));
        i = end + 1;
      } else {
        const sp = tokens.length === 0 ? rest.indexOf(' "', i) : -1;
        const end = sp === -1 ? rest.length : sp;
        tokens.push(rest.slice(i, end));
        i = end;
      }
    }
    return [strip(tokens[0], 'a/'), strip(tokens[1], 'b/')];
  }
  const n = (rest.length - 5) / 2;
  if (Number.isInteger(n) && n > 0 && rest.startsWith('a/') && rest.slice(n + 2, n + 5) === ' b/' && rest.slice(2, n + 2) === rest.slice(n + 5)) {
    const p = rest.slice(2, n + 2);
    return [p, p];
  }
  const sep = rest.indexOf(' b/');
  if (sep === -1) return [undefined, undefined];
  return [strip(rest.slice(0, sep), 'a/'), rest.slice(sep + 3)];
}

function strip(p: string | undefined, prefix: string): string | undefined {
  if (p === undefined) return undefined;
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

function closingQuote(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length - 1;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undoes git's C-style quoting of a path (`"a\tb\303\251"`); unquoted input is returned as is. */
export function unquote(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"') || raw.length < 2) return raw;
  const bytes: number[] = [];
  const body = raw.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-3]/.test(next) && /^[0-7]{3}$/.test(body.slice(i + 1, i + 4))) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (ESCAPES[next] !== undefined) {
      bytes.push(ESCAPES[next]);
      i++;
    } else {
      bytes.push(92);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
