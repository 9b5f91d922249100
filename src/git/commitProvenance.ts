import { promises as fs } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { AttributionSource, CommitAttribution, CommitFileInput } from '../core/attribution/commitAttribution';
import { attributeCommit } from '../core/attribution/commitAttribution';
import type { Logger } from '../core/log';
import type { CommitProvenance } from '../core/trailers/contract';
import { parseTrailers } from '../core/trailers/contract';
import { silentLogger } from '../core/log';
import { CODEOWNERS_LOCATIONS, POLICY_FILE, compilePolicy, loadPolicy } from '../core/policy';
import { LedgerStore } from '../state/ledgerStore';
import { ledgerDirOf } from '../state/repoFiles';
import { TRACKING_OFF_FILE, readRepoSettings } from '../state/repoSettings';
import type { GitOptions } from './exec';
import { gitOk, runGit } from './exec';
import { diffTrees, emptyTreeId, readObjects, treePathSpec } from './diff';
import { noteSources, readNote } from './notes';
import type { RepoInfo } from './repo';
import { stateDirOf } from './repo';

/**
 * The git-reading half of commit attribution: the added lines of a tree against its base, the
 * committed blobs, the ledgers and earlier notes, the repository's policy as committed; then the
 * pure attributeCommit decides.
 */

export { TRACKING_OFF_FILE };

export interface ProvenanceRequest {
  readonly repo: RepoInfo;
  readonly tree: string;
  /** The commit the tree is compared with; undefined for a root commit (the empty tree). */
  readonly base: string | undefined;
  /** Commits whose notes describe lines the tree may carry over (the one an amend replaces). */
  readonly priorCommits?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly gitPath?: string;
  readonly log?: Logger;
  readonly countExternal?: boolean;
}

export interface ProvenanceResult extends CommitAttribution {
  /** Ledger files (names in the worktree's ledger directory) the result depends on, read or absent. */
  readonly ledgerFiles: readonly string[];
}

export async function computeProvenance(req: ProvenanceRequest): Promise<ProvenanceResult> {
  const git: GitOptions = { cwd: req.repo.root, ...(req.env ? { env: req.env } : {}), ...(req.gitPath ? { gitPath: req.gitPath } : {}) };
  const log = req.log ?? silentLogger;
  const baseTree = req.base ?? (await emptyTreeId(git));
  const diff = await diffTrees(baseTree, req.tree, git);

  const withLines = diff.files.filter((f) => f.added.length > 0);
  const specs = [
    ...withLines.map((f) => f.blob),
    ...[POLICY_FILE, ...CODEOWNERS_LOCATIONS].map((p) => treePathSpec(req.tree, p)!),
  ];
  const objects = await readObjects(specs, git);

  let unknownReason = await stateProblem(req.repo);
  // Corrupt ledgers are set aside by the store and reported through the log: they make the
  // commit's provenance unknown rather than silently human.
  const problems: string[] = [];
  const capture: Logger = {
    ...log,
    error: (message, ...args) => {
      problems.push(message instanceof Error ? message.message : message);
      log.error(message, ...args);
    },
  };
  const store = new LedgerStore(ledgerDirOf(req.repo), capture, 'hook');

  const priorNotes: Map<string, AttributionSource>[] = [];
  for (const commit of req.priorCommits ?? []) {
    const text = await readNote(commit, git);
    if (text !== undefined) priorNotes.push(noteSources(text, commit));
  }

  const files: CommitFileInput[] = [];
  const ledgerFiles = new Set<string>();
  for (const f of withLines) {
    const blob = objects.get(f.blob);
    if (!blob) {
      unknownReason ??= `cannot read ${f.path} from the committed tree`;
      continue;
    }
    const sources: AttributionSource[] = [];
    for (const path of f.oldPath !== undefined ? [f.path, f.oldPath] : [f.path]) {
      ledgerFiles.add(basename(store.fileFor(path)));
      const read = await store.read(path);
      if (read.status === 'ok') sources.push({ contentHash: read.ledger.contentHash, ranges: read.ledger.ranges });
      else if (read.status === 'too-new') unknownReason ??= `the provenance state of ${path} was written by a newer version`;
    }
    for (const notes of priorNotes) {
      const s = notes.get(f.path) ?? (f.oldPath !== undefined ? notes.get(f.oldPath) : undefined);
      if (s) sources.push(s);
    }
    files.push({ path: f.path, ...(f.oldPath !== undefined ? { oldPath: f.oldPath } : {}), blob: f.blob, text: blob.toString('utf8'), added: f.added, sources });
  }
  if (problems.length > 0) unknownReason ??= `provenance state was unreadable: ${problems[0]}`;

  const root = req.repo.root;
  const policy = await loadPolicy(root, (abs) => {
    const rel = relative(root, abs).split(sep).join('/');
    const spec = treePathSpec(req.tree, rel);
    const bytes = spec !== undefined ? objects.get(spec) : undefined;
    return Promise.resolve(bytes?.toString('utf8'));
  });
  for (const p of policy.problems.filter((x) => x.severity === 'error')) log.warn(`policy: ${p.message}`);
  const compiled = compilePolicy(policy.policy, { codeowners: policy.codeowners, cacheSize: 0 });

  const attribution = attributeCommit({
    files,
    changedPaths: diff.changedPaths,
    classify: (path) => {
      const c = compiled.classify(path);
      return { tier: c.tier, decidedBy: c.decidedBy };
    },
    ...(unknownReason !== undefined ? { unknownReason } : {}),
    countExternal: req.countExternal ?? (await readRepoSettings(stateDirOf(req.repo))).externalEditsAreAI,
  });
  return { ...attribution, ledgerFiles: [...ledgerFiles] };
}

/**
 * Why provenance cannot be known for this repository at all, if it cannot: nothing has ever set
 * up tracking here (no ledger directory: `hook install`, the editor and `mark` create it), or
 * tracking is switched off.
 */
export async function stateProblem(repo: RepoInfo): Promise<string | undefined> {
  const state = stateDirOf(repo);
  const st = await fs.stat(join(state, 'ledger')).catch(() => undefined);
  if (!st?.isDirectory()) return 'no provenance state for this repository (tracking has never run here)';
  if (await fs.stat(join(state, TRACKING_OFF_FILE)).then(() => true, () => false)) return 'tracking is switched off for this repository';
  return undefined;
}

export interface HeadInfo {
  /** HEAD, or undefined on an unborn branch. */
  readonly head: string | undefined;
  /** HEAD's first parent, undefined when HEAD is a root commit. */
  readonly parent: string | undefined;
}

export async function readHead(options: GitOptions): Promise<HeadInfo> {
  const r = await runGit(['rev-list', '--parents', '-n', '1', 'HEAD', '--'], options);
  if (r.code !== 0) return { head: undefined, parent: undefined };
  const [head, parent] = r.stdout.trim().split(' ');
  return { head: head || undefined, parent: parent || undefined };
}

/** The tree the index (GIT_INDEX_FILE when set, as in a hook) would commit. */
export async function writeTree(options: GitOptions): Promise<string> {
  return (await gitOk(['write-tree'], options)).trim();
}

/**
 * The commits an amend of `commit` carries lines over from: `commit` itself and, following
 * HEAD's reflog, every commit it replaced by earlier amends. Their notes describe AI lines the
 * ledger has already handed over (a note may still be on its way for the newest of them).
 */
export async function amendPriors(commit: string, options: GitOptions): Promise<string[]> {
  const out = [commit];
  const r = await runGit(['reflog', 'show', '-n', '100', '--format=%H%x09%gs', 'HEAD', '--'], options);
  if (r.code !== 0) return out;
  const lines = r.stdout.split('\n').filter(Boolean);
  // The oldest entry for the commit is the one that made it (checkouts and resets come later).
  let i = -1;
  for (let k = lines.length - 1; k >= 0; k--) {
    if (lines[k]!.startsWith(`${commit}\t`)) {
      i = k;
      break;
    }
  }
  if (i < 0) return out;
  while (i + 1 < lines.length && out.length < 20 && /^commit \(amend\):/.test(lines[i]!.slice(lines[i]!.indexOf('\t') + 1))) {
    i++;
    const prev = lines[i]!.split('\t')[0]!;
    if (!out.includes(prev)) out.push(prev);
  }
  return out;
}

export interface CommittedProvenance {
  readonly commit: string;
  /** What the commit's trailers say (missing or invalid AI-Origin reads as `unknown`). */
  readonly provenance: CommitProvenance;
  /** Values that failed the contract's allow-list, or our keys given twice. */
  readonly problems: readonly string[];
  /** The commit's note under refs/notes/ai-provenance, when it has one. */
  readonly note?: string;
}

/**
 * What a commit carries, read back as a gate would: the trailer block git parses (no divider),
 * checked against the contract, and the note. For "check the committed message" in the editor.
 */
export async function readCommitProvenance(rev: string, options: GitOptions): Promise<CommittedProvenance | undefined> {
  const r = await runGit(['log', '-1', '--format=%H%x00%B', rev, '--'], options);
  if (r.code !== 0) return undefined;
  const nul = r.stdout.indexOf('\0');
  const commit = r.stdout.slice(0, nul).trim();
  const parsed = await runGit(['-c', 'trailer.separators=:', 'interpret-trailers', '--parse', '--no-divider'], { ...options, input: r.stdout.slice(nul + 1) });
  const pairs = parsed.stdout
    .split('\n')
    .filter((l) => l.includes(':'))
    .map((l) => ({ key: l.slice(0, l.indexOf(':')), value: l.slice(l.indexOf(':') + 1).trim() }));
  const { provenance, problems } = parseTrailers(pairs);
  const note = await readNote(commit, options);
  return { commit, provenance, problems, ...(note !== undefined ? { note } : {}) };
}
