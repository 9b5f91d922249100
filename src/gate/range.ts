import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { GitOptions } from '../git/exec';
import { GitMissingError, runGit } from '../git/exec';

/** A failure the user must fix before the gate can judge anything: exit code 2, with what to do. */
export class GateError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const FETCH_MORE =
  'fetch more history: git fetch --unshallow (or, in GitHub Actions, actions/checkout with fetch-depth: 0; in GitLab CI, GIT_DEPTH: 0)';

export interface ResolvedRange {
  readonly root: string;
  readonly shallow: boolean;
  readonly base: string;
  readonly head: string;
  readonly mergeBase: string;
  /** Commits whose parents this clone does not have (from `.git/shallow`). */
  readonly shallowCommits: ReadonlySet<string>;
}

type Git = Omit<GitOptions, 'cwd'>;

function checkRev(name: string, rev: string): void {
  if (rev === '' || rev.startsWith('-') || /[\0\n]/.test(rev)) throw new GateError(`--${name}: '${rev}' is not a revision`, 'pass a commit sha, a branch or a tag');
}

/** The repository, the two commits and their merge base; every failure says what to do. */
export async function resolveRange(cwd: string, baseRev: string, headRev: string, git: Git = {}): Promise<ResolvedRange> {
  checkRev('base', baseRev);
  checkRev('head', headRev);
  const opts = { ...git, cwd };
  let info;
  try {
    info = await runGit(['rev-parse', '--path-format=absolute', '--show-toplevel', '--is-shallow-repository', '--git-path', 'shallow'], opts);
  } catch (err) {
    if (err instanceof GitMissingError) throw new GateError(err.message, 'install git, or put it on PATH');
    throw err;
  }
  if (info.code !== 0) throw new GateError(`not inside a git work tree (${cwd}): ${info.stderr.trim()}`, 'run the gate from a checkout of the repository, or pass --repo DIR');
  const [root, shallowFlag, shallowFile] = info.stdout.split('\n').map((l) => l.trim());
  const shallow = shallowFlag === 'true';

  const resolveOne = async (name: string, rev: string): Promise<string> => {
    const r = await runGit(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], opts);
    const sha = r.stdout.trim();
    if (r.code === 0 && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    throw new GateError(
      `--${name} '${rev}' is not a commit in this clone`,
      shallow ? FETCH_MORE : `check the name, or fetch it first (e.g. git fetch origin ${rev.replace(/^origin\//, '')})`,
    );
  };
  const [base, head] = await Promise.all([resolveOne('base', baseRev), resolveOne('head', headRev)]);

  const mb = await runGit(['merge-base', base, head], opts);
  const mergeBase = mb.stdout.trim().split('\n')[0] ?? '';
  if (mb.code !== 0 || !mergeBase) {
    if (shallow) throw new GateError(`no merge base of ${short(base)} and ${short(head)} in this shallow clone`, FETCH_MORE);
    if (mb.code === 1) throw new GateError(`${short(base)} and ${short(head)} have no common ancestor (unrelated histories)`, 'pass as --base the branch the change will be merged into');
    throw new GateError(`git merge-base failed: ${mb.stderr.trim()}`);
  }

  let shallowCommits = new Set<string>();
  if (shallow && shallowFile) {
    const text = await readFile(shallowFile, 'utf8').catch(() => '');
    shallowCommits = new Set(text.split('\n').map((l) => l.trim()).filter(Boolean));
  }
  return { root: root ?? cwd, shallow, base, head, mergeBase, shallowCommits };
}

export function short(sha: string): string {
  return sha.slice(0, 10);
}

/**
 * Reads several `<rev>:<path>` blobs in one `git cat-file --batch` process. Missing ones are
 * absent from the map.
 */
export function readBlobs(cwd: string, rev: string, paths: readonly string[], git: Git = {}): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(git.gitPath ?? 'git', ['cat-file', '--batch'], { cwd, env: git.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new GitMissingError(git.gitPath ?? 'git') : err));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file failed: ${stderr.trim() || `exit ${code}`}`));
      const out = Buffer.concat(chunks);
      const map = new Map<string, string>();
      let pos = 0;
      for (const p of paths) {
        const nl = out.indexOf(0x0a, pos);
        if (nl === -1) break;
        const head = out.subarray(pos, nl).toString('utf8');
        pos = nl + 1;
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(head);
        if (!m) continue; // `<input> missing` or `ambiguous`
        const size = Number(m[2]);
        if (m[1] === 'blob') map.set(p, out.subarray(pos, pos + size).toString('utf8'));
        pos += size + 1;
      }
      resolve(map);
    });
    child.stdin.end(paths.map((p) => `${rev}:${p}\n`).join(''));
  });
}
