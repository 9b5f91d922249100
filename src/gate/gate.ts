import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import type { CompiledPolicy, LoadedPolicy, ReadFile } from '../core/policy';
import { CODEOWNERS_LOCATIONS, POLICY_FILE, compilePolicy, formatProblem, loadPolicy } from '../core/policy';
import { VERSION } from '../core/version';
import type { Claims } from './claims';
import { readClaims } from './claims';
import { GateEvaluator, needsLines } from './evaluate';
import { readLog } from './logReader';
import type { FailOn, Finding, GateReport, PolicyInfo } from './model';
import type { ResolvedRange } from './range';
import { readBlobs, resolveRange, short } from './range';
import { GATE_RULES } from './rules';

export interface GateOptions {
  /** A directory inside the repository. */
  readonly cwd: string;
  readonly base: string;
  /** Default `HEAD`. */
  readonly head?: string;
  /** Absolute path of a policy file to use instead of the base revision's. */
  readonly policyFile?: string;
  readonly approvals?: number;
  readonly ignoreReviewTrailers?: boolean;
  readonly failOn?: FailOn;
  readonly env?: NodeJS.ProcessEnv;
  readonly gitPath?: string;
}

export interface RepoPolicy {
  readonly loaded: LoadedPolicy;
  readonly compiled: CompiledPolicy;
  readonly info: PolicyInfo;
  readonly findings: Finding[];
}

/**
 * The policy in force for a change: the one committed at `rev` (the base branch, which the change
 * cannot edit), with its CODEOWNERS, read from git objects in one process; or an explicit file.
 */
export async function loadPolicyAt(root: string, rev: string, policyFile: string | undefined, git: { env?: NodeJS.ProcessEnv; gitPath?: string } = {}): Promise<RepoPolicy> {
  const blobs = await readBlobs(root, rev, [POLICY_FILE, ...CODEOWNERS_LOCATIONS], git);
  const read: ReadFile = async (abs) => {
    if (policyFile !== undefined && abs === policyFile) return readFile(abs, 'utf8');
    return blobs.get(relative(root, abs).split(sep).join('/'));
  };
  const loaded = await loadPolicy(root, read, policyFile !== undefined ? { policyFile } : {});
  const shown = (file: string) => (policyFile !== undefined && file === policyFile ? file : `${short(rev)}:${relative(root, file).split(sep).join('/')}`);
  const problems = loaded.problems.map((p) => formatProblem(p, shown(p.file)));
  const findings: Finding[] = [];
  if (loaded.fellBack) {
    findings.push({
      rule: GATE_RULES.policy.id,
      severity: 'warning',
      message: `the policy ${shown(loaded.policyFile ?? POLICY_FILE)} has errors; the built-in defaults apply: ${problems.filter((p) => p.includes(': error: ')).slice(0, 3).join('; ')}`,
      help: `Fix ${POLICY_FILE} on the base branch (ai-provenance policy check lists every problem).`,
    });
  } else if (problems.length > 0) {
    findings.push({
      rule: GATE_RULES.policy.id,
      severity: 'note',
      message: `the policy has ${problems.length} warning${problems.length === 1 ? '' : 's'}: ${problems.slice(0, 3).join('; ')}`,
      help: 'ai-provenance policy check lists every problem.',
    });
  }
  if (policyFile !== undefined) {
    const rel = relative(root, policyFile);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
      findings.push({
        rule: GATE_RULES.policy.id,
        severity: 'warning',
        message: `--policy ${rel} is read from the working tree, which the change under test can edit`,
        help: `Omit --policy to judge by the base revision's ${POLICY_FILE}, or point it at a file outside the checkout.`,
      });
    }
  }
  const info: PolicyInfo = {
    source: policyFile !== undefined ? 'file' : loaded.policyFile !== undefined ? 'base' : 'defaults',
    file: policyFile !== undefined ? policyFile : loaded.policyFile !== undefined ? POLICY_FILE : null,
    revision: policyFile !== undefined ? null : rev,
    fellBack: loaded.fellBack,
    unknownProvenance: loaded.policy.unknownProvenance,
    problems,
  };
  return { loaded, compiled: compilePolicy(loaded.policy, { codeowners: loaded.codeowners }), info, findings };
}

/**
 * `ai-provenance gate`: every non-merge commit in merge-base(base, head)..head, read in one
 * `git log` pass, judged against the base revision's policy. Throws GateError for anything the
 * user must fix first (exit 2).
 */
export async function runGate(options: GateOptions): Promise<GateReport> {
  const git = { ...(options.env ? { env: options.env } : {}), ...(options.gitPath ? { gitPath: options.gitPath } : {}) };
  const headRef = options.head ?? 'HEAD';
  const range: ResolvedRange = await resolveRange(options.cwd, options.base, headRef, git);
  const policy = await loadPolicyAt(range.root, range.base, options.policyFile, git);
  const evaluator = new GateEvaluator(policy.compiled, {
    ...(options.approvals !== undefined ? { approvals: options.approvals } : {}),
    ...(options.ignoreReviewTrailers ? { ignoreReviewTrailers: true } : {}),
    shallowCommits: range.shallowCommits,
  });
  for (const f of policy.findings) evaluator.addFinding(f);

  // Claims are read once, when the header arrives, to decide whether to keep the diff text.
  const claims = new Map<string, Claims>();
  const claimsOf = (h: { sha: string; trailers: readonly { key: string; value: string }[]; message: string; note: string | undefined; authorEmail: string }) => {
    let c = claims.get(h.sha);
    if (!c) claims.set(h.sha, (c = readClaims(h)));
    return c;
  };
  await readLog(
    {
      cwd: range.root,
      ...git,
      revisions: [`${range.mergeBase}..${range.head}`],
      retainLines: (h) => h.parents.length <= 1 && needsLines(claimsOf(h)),
    },
    (commit) => {
      const c = commit.parents.length > 1 ? undefined : claimsOf(commit);
      claims.delete(commit.sha);
      if (c) evaluator.add(commit, c);
      else evaluator.mergesSkipped++;
    },
  );
  return evaluator.report({
    version: VERSION,
    failOn: options.failOn ?? 'error',
    range: { base: range.base, head: range.head, mergeBase: range.mergeBase, baseRef: options.base, headRef, commits: 0, mergesSkipped: 0 },
    policy: policy.info,
    approvals: options.approvals ?? null,
  });
}
