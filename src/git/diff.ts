import { spawn } from 'node:child_process';
import type { GitOptions } from './exec';
import { GitMissingError, gitOk } from './exec';

/**
 * Reading what a commit adds: the added lines of every file between two trees, and blob
 * contents. Plumbing only, with every option that user configuration could change spelled out
 * (no external diff, no textconv, no colour), so the result is the same on every machine.
 */

/** A file of the new tree with the 1-based numbers of its added lines (as git numbers lines: by `\n`). */
export interface AddedFile {
  /** Repo-relative path in the new tree, exactly as git stores it. */
  readonly path: string;
  /** The path in the old tree when git detected a rename or copy. */
  readonly oldPath?: string;
  /** Blob id in the new tree. */
  readonly blob: string;
  /** Added line numbers, ascending; empty for binary files and pure renames. */
  readonly added: readonly number[];
}

const NULL_OID = /^0+$/;
/** Regular files (any permission); symlinks and submodules hold no lines of code. */
const FILE_MODE = /^100[0-7]{3}$/;

interface RawEntry {
  readonly status: string;
  readonly newMode: string;
  readonly newBlob: string;
  readonly path: string;
  readonly oldPath?: string;
}

/** The empty tree of the repository's hash algorithm (sha1 or sha256). */
export async function emptyTreeId(options: GitOptions): Promise<string> {
  return (await gitOk(['hash-object', '-t', 'tree', '--stdin'], { ...options, input: '' })).trim();
}

const DIFF_FLAGS = ['-r', '-M', '--no-color', '--no-ext-diff', '--no-textconv', '--full-index', '--no-abbrev'];

export interface TreeDiff {
  /** Files of the new tree that are regular files, with their added lines (possibly none). */
  readonly files: readonly AddedFile[];
  /** Every path the change touches: added, modified, deleted, and both sides of a rename. */
  readonly changedPaths: readonly string[];
}

/**
 * What `newTree` adds to `oldTree` (tree-ish ids). Renamed files count only their changed lines;
 * deleted files, binary files, symlinks and submodules contribute no lines.
 */
export async function diffTrees(oldTree: string, newTree: string, options: GitOptions): Promise<TreeDiff> {
  const raw = parseRawZ(await gitOk(['diff-tree', ...DIFF_FLAGS, '-z', '--raw', oldTree, newTree], options));
  const changedPaths = [...new Set(raw.flatMap((e) => (e.oldPath !== undefined ? [e.oldPath, e.path] : [e.path])))];
  const entries = raw.filter((e) => e.status !== 'D' && FILE_MODE.test(e.newMode) && !NULL_OID.test(e.newBlob));
  if (entries.length === 0) return { files: [], changedPaths };
  const patch = await gitOk(['diff-tree', ...DIFF_FLAGS, '-p', '-U0', '--src-prefix=a/', '--dst-prefix=b/', oldTree, newTree], options);
  const hunks = parsePatchAdded(patch);
  const files = entries.map((e) => ({
    path: e.path,
    ...(e.oldPath !== undefined ? { oldPath: e.oldPath } : {}),
    blob: e.newBlob,
    added: hunks.get(e.path) ?? [],
  }));
  return { files, changedPaths };
}

/** `git diff-tree -z --raw` records: `:oldmode newmode oldblob newblob status\0path\0[newpath\0]`. */
export function parseRawZ(raw: string): RawEntry[] {
  const fields = raw.split('\0');
  const out: RawEntry[] = [];
  let i = 0;
  while (i < fields.length) {
    const head = fields[i++]!;
    if (head === '') continue;
    const m = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(head);
    if (!m) continue;
    const status = m[5]!;
    const first = fields[i++];
    if (first === undefined) break;
    if (status === 'R' || status === 'C') {
      const second = fields[i++];
      if (second === undefined) break;
      out.push({ status, newMode: m[2]!, newBlob: m[4]!, path: second, oldPath: first });
    } else {
      out.push({ status, newMode: m[2]!, newBlob: m[4]!, path: first });
    }
  }
  return out;
}

/**
 * Added line numbers per new path from a `-U0` patch. Paths come from the `+++ b/...` lines
 * (C-quoted by git when unusual; a trailing tab follows names with spaces); the numbers from
 * the hunk headers, so no content line is ever interpreted.
 */
export function parsePatchAdded(patch: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let current: number[] | undefined;
  let inHunk = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined;
      inHunk = false;
      continue;
    }
    if (!inHunk && line.startsWith('+++ ')) {
      const name = unquotePath(line.slice(4).replace(/\t$/, ''));
      if (name === undefined || !name.startsWith('b/')) {
        current = undefined;
        continue;
      }
      const path = name.slice(2);
      current = out.get(path) ?? [];
      out.set(path, current);
      continue;
    }
    const h = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (h) {
      inHunk = true;
      if (!current) continue;
      const start = Number(h[1]);
      const count = h[2] === undefined ? 1 : Number(h[2]);
      for (let n = 0; n < count; n++) current.push(start + n);
    }
  }
  for (const lines of out.values()) lines.sort((a, b) => a - b);
  return out;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** A path as git prints it in patch headers: plain, or C-quoted with octal bytes (UTF-8). */
export function unquotePath(text: string): string | undefined {
  if (!text.startsWith('"')) return text;
  if (!text.endsWith('"') || text.length < 2) return undefined;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[++i];
    if (next === undefined) return undefined;
    if (/[0-7]/.test(next)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      bytes.push(parseInt(oct, 8));
      i += 2;
    } else if (ESCAPES[next] !== undefined) {
      bytes.push(ESCAPES[next]);
    } else {
      return undefined;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Reads many objects with one `git cat-file --batch` process. Missing objects are absent from
 * the result; contents are raw bytes.
 */
export async function readObjects(ids: readonly string[], options: GitOptions): Promise<Map<string, Buffer>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, Buffer>();
  if (unique.length === 0) return out;
  const gitPath = options.gitPath ?? 'git';
  const stdout = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(gitPath, ['cat-file', '--batch'], { cwd: options.cwd, env: options.env ?? process.env, windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT' ? new GitMissingError(gitPath) : err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new Error(`git cat-file --batch failed: ${stderr.trim() || `exit ${code}`}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(unique.map((id) => `${id}\n`).join(''));
  });
  let pos = 0;
  for (const id of unique) {
    const nl = stdout.indexOf(10, pos);
    if (nl < 0) break;
    const header = stdout.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!m) continue; // "<id> missing"
    const size = Number(m[3]);
    out.set(id, stdout.subarray(pos, pos + size));
    pos += size + 1;
  }
  return out;
}

/** `git cat-file --batch` accepts `<tree>:<path>` too; a path may not contain a newline there. */
export function treePathSpec(tree: string, path: string): string | undefined {
  return /[\n\r]/.test(path) ? undefined : `${tree}:${path}`;
}
