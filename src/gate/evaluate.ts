import type { CompiledPolicy, ContentFinding, Tier } from '../core/policy';
import { POLICY_FILE, TIERS, maxTier, scanLines, tierAtLeast, tierRank } from '../core/policy';
import type { AiOrigin } from '../core/trailers/contract';
import type { Claims } from './claims';
import type { CommitResult, FailOn, FileResult, Finding, GateReport, OffendingFile, PolicyInfo, Severity, TierRow } from './model';
import { REPORT_FORMAT, REPORT_VERSION } from './model';
import type { LogCommit } from './logReader';
import { inRanges } from './notes';
import { FETCH_MORE, GateError, short } from './range';
import { GATE_RULES } from './rules';

export interface EvaluateOptions {
  /** Approvals counted by the CI platform (`--approvals`); counts for every commit. */
  readonly approvals?: number;
  /** Count only `approvals`, not Reviewed-by/Approved-by trailers (which the author can write). */
  readonly ignoreReviewTrailers?: boolean;
  /** Commits whose parents a shallow clone lacks: reaching one means the range is incomplete. */
  readonly shallowCommits?: ReadonlySet<string>;
}

const AI: ReadonlySet<AiOrigin> = new Set(['ai-generated', 'ai-edited']);

/** Whether the gate reads a commit's added lines (content rules apply to AI and unknown origin). */
export function needsLines(claims: Claims): boolean {
  return claims.provenance.origin !== 'human-only' || (claims.provenance.aiLines ?? 0) > 0;
}

interface TierAcc {
  paths: Set<string>;
  addedLines: number;
  linesInAiCommits: number;
  linesInUnknownCommits: number;
  aiCommits: Set<string>;
}

/**
 * Judges commits one at a time against the base policy, keeping only the small per-commit
 * results; the diff text of a commit can be dropped as soon as `add` returns.
 */
export class GateEvaluator {
  readonly findings: Finding[] = [];
  readonly commits: CommitResult[] = [];
  mergesSkipped = 0;
  private readonly tiers = new Map<Tier, TierAcc>();

  constructor(
    private readonly compiled: CompiledPolicy,
    private readonly options: EvaluateOptions = {},
  ) {}

  /** Findings that are not about one commit (the policy, the range). */
  addFinding(f: Finding): number {
    this.findings.push(f);
    return this.findings.length - 1;
  }

  add(commit: LogCommit, claims: Claims): void {
    if (commit.parents.length > 1) {
      this.mergesSkipped++;
      return;
    }
    if (commit.parents.length === 0 && this.options.shallowCommits?.has(commit.sha)) {
      throw new GateError(`the range reaches ${short(commit.sha)}, whose parents this shallow clone does not have`, FETCH_MORE);
    }
    const mine: number[] = [];
    const push = (f: Omit<Finding, 'commit'>) => mine.push(this.addFinding({ ...f, commit: commit.sha }));
    const sha = short(commit.sha);
    const p = claims.provenance;
    let origin = p.origin;

    // --- What the trailers say, checked against themselves.
    for (const problem of claims.invalid) {
      push({
        rule: GATE_RULES.invalidTrailer.id,
        severity: 'warning',
        message: `${sha}: invalid provenance trailer ${problem}; it is ignored`,
        help: 'Let the commit hook write the trailers (ai-provenance hook install); values are never edited by hand.',
      });
    }
    for (const c of claims.conflicts) {
      push({
        rule: GATE_RULES.conflictingTrailers.id,
        severity: 'warning',
        message: `${sha}: ${c}; the gate takes the worst case`,
        help: 'Each provenance key appears once per commit; recreate the commit with the hook (git commit --amend --no-edit).',
      });
    }
    if (origin === 'human-only' && (p.aiLines ?? 0) > 0) {
      push({
        rule: GATE_RULES.conflictingTrailers.id,
        severity: 'warning',
        message: `${sha}: AI-Origin says human-only but AI-Lines says ${p.aiLines}/${p.addedLines}; judged as AI-origin`,
        help: 'Recreate the commit with the hook so that its trailers agree.',
      });
      origin = 'ai-generated';
    }
    if (claims.source === 'squash-body') {
      push({
        rule: GATE_RULES.squash.id,
        severity: 'note',
        message: `${sha}: provenance aggregated from ${claims.blocks} squashed commits' trailers in the message body (origin ${p.origin}${p.aiLines !== undefined ? `, AI-Lines ${p.aiLines}/${p.addedLines}` : ''})`,
        help: 'Squash merges keep per-commit provenance only as text in the message; a merge commit or rebase merge keeps each commit\'s trailers.',
      });
    }
    if (claims.noteWarning !== undefined) {
      push({ rule: GATE_RULES.note.id, severity: 'note', message: `${sha}: refs/notes/ai-provenance: ${claims.noteWarning}`, help: 'The gate uses the trailers; the note only adds line-level detail.' });
    }

    // --- What the diff says, under the base policy.
    const isAi = AI.has(origin);
    const scan = isAi || origin === 'unknown';
    const files: FileResult[] = [];
    const tierFiles = new Map<Tier, { path: string; line?: number }[]>();
    const contentFindings: { f: ContentFinding; path: string }[] = [];
    let pathTier: Tier = 'low';
    const rules = new Set<string>();
    let added = 0;
    let deleted = 0;
    for (const f of commit.files) {
      const c = this.compiled.classify(f.path);
      let tier = c.tier;
      let rule = c.decidedBy;
      if (f.oldPath !== undefined && f.status === 'renamed') {
        // Moving a file out of a protected path changes that path too.
        const o = this.compiled.classify(f.oldPath);
        if (tierRank(o.tier) > tierRank(tier)) {
          tier = o.tier;
          rule = o.decidedBy;
        }
      }
      pathTier = maxTier(pathTier, tier);
      if (rule !== undefined && tier !== 'low') rules.add(rule);
      added += f.added;
      deleted += f.deleted;
      const noteRanges = claims.note?.files.get(f.path);
      let aiLines: number | undefined;
      if (noteRanges) aiLines = noteRanges.reduce((n, [a, b]) => n + b - a + 1, 0);
      files.push({
        path: f.path,
        ...(f.oldPath !== undefined ? { oldPath: f.oldPath } : {}),
        status: f.status,
        tier,
        ...(rule !== undefined ? { rule } : {}),
        added: f.added,
        deleted: f.deleted,
        binary: f.binary,
        ...(aiLines !== undefined ? { aiLines: Math.min(aiLines, f.added) } : {}),
      });
      const list = tierFiles.get(tier) ?? [];
      list.push({ path: f.path, ...(f.firstAddedLine !== undefined ? { line: f.firstAddedLine } : {}) });
      tierFiles.set(tier, list);
      if (scan && f.lines && f.lines.length > 0) {
        const found = scanLines(f.lines, this.compiled, { path: f.path });
        if (found.length > 0) {
          const addedSet = new Set<number>();
          for (const l of f.lines) if (l.added) addedSet.add(l.line);
          for (const cf of found) if (addedSet.has(cf.line)) contentFindings.push({ f: cf, path: f.path });
        }
      }
      this.countTier(tier, f.path, f.added, origin, commit.sha);
    }

    for (const { f, path } of contentFindings) {
      const onAiLine = inRanges(claims.note?.files.get(path), f.line + 1);
      const where = isAi ? (onAiLine ? 'an AI-origin line' : 'a line added by an AI-origin commit') : 'a line of a commit with unknown provenance';
      push({
        rule: f.ruleId,
        severity: tierAtLeast(f.tier, 'high') ? 'warning' : 'note',
        message: `${f.reason} (${f.ruleId}, ${f.tier}) in ${where}`,
        help: `Check this line by hand before merging: the policy rates it ${f.tier}${this.requirementText(f.tier)}.`,
        file: path,
        line: f.line + 1,
        column: f.column + 1,
        endColumn: f.column + f.length + 1,
        tier: f.tier,
      });
      rules.add(f.ruleId);
      const list = tierFiles.get(f.tier) ?? [];
      list.unshift({ path, line: f.line + 1 });
      tierFiles.set(f.tier, list);
    }
    const tier = maxTier(pathTier, ...contentFindings.map((c) => c.f.tier));
    const present = TIERS.filter((t) => tierFiles.has(t)).reverse();
    const where = (t: Tier): { file?: string; line?: number } => {
      const first = tierFiles.get(t)?.[0];
      return first ? { file: first.path, ...(first.line !== undefined ? { line: first.line } : {}) } : {};
    };
    const fileList = (t: Tier): string => {
      const paths = [...new Set((tierFiles.get(t) ?? []).map((x) => x.path))];
      return paths.slice(0, 3).join(', ') + (paths.length > 3 ? ` and ${paths.length - 3} more` : '');
    };

    const claimedRadius = p.blastRadius;
    if (claimedRadius && tierRank(claimedRadius.tier) < tierRank(pathTier)) {
      const t = pathTier;
      const culprit = files.find((f) => f.tier === t);
      push({
        rule: GATE_RULES.mismatch.id,
        severity: 'warning',
        message: `${sha}: Blast-Radius claims ${claimedRadius.tier}, but the diff touches ${t} paths under the base policy (${culprit?.rule ?? 'rule'}: ${culprit?.path ?? ''})`,
        help: `The gate judges by the recomputed tier (${t}). The trailer was computed with another policy or edited; make sure the commit hook runs with the repository's ${POLICY_FILE}.`,
        tier: t,
        ...where(t),
      });
    }
    if (claims.source !== 'squash-body' && p.aiLines !== undefined && p.aiLines > added) {
      push({
        rule: GATE_RULES.aiLines.id,
        severity: 'warning',
        message: `${sha}: AI-Lines claims ${p.aiLines}/${p.addedLines}, but the commit adds ${added} line${added === 1 ? '' : 's'}`,
        help: 'The trailer does not describe this diff (edited, or copied from another commit); recreate the commit with the hook.',
      });
    }

    // --- The policy's requirements.
    const reviewers = this.options.ignoreReviewTrailers ? [] : claims.reviewers;
    const approvals = Math.max(this.options.approvals ?? 0, reviewers.length);
    if (isAi) {
      const blocked = present.find((t) => this.compiled.requirements(t).block);
      if (blocked) {
        push({
          rule: GATE_RULES.blocked.id,
          severity: 'error',
          message: `${sha}: the policy blocks AI-origin changes to ${blocked} paths (tiers.${blocked}.block): ${fileList(blocked)}`,
          help: `Rewrite the change without AI assistance, or keep it out of ${blocked} paths; only the base branch's ${POLICY_FILE} can lift the block.`,
          tier: blocked,
          ...where(blocked),
        });
      }
      let needTier: Tier | undefined;
      for (const t of present) if (needTier === undefined || this.compiled.requirements(t).reviewers > this.compiled.requirements(needTier).reviewers) needTier = t;
      const need = needTier ? this.compiled.requirements(needTier).reviewers : 0;
      if (needTier && approvals < need) {
        push({
          rule: GATE_RULES.reviewers.id,
          severity: 'error',
          message: `${sha}: AI-origin change to ${needTier} paths (${fileList(needTier)}) needs ${need} approval${need === 1 ? '' : 's'}, has ${approvals}`,
          help: `Get ${need} distinct approvals: pass the count from your CI platform with --approvals <n> (the GitHub Action's approvals: auto does this), or add Reviewed-by:/Approved-by: trailers of distinct reviewers.`,
          tier: needTier,
          ...where(needTier),
        });
      }
    } else if (!claims.knownOrigin) {
      const required = present.find((t) => this.compiled.requirements(t).requireTrailer);
      if (required) {
        push({
          rule: GATE_RULES.missingTrailer.id,
          severity: 'error',
          message: `${sha}: touches ${required} paths (${fileList(required)}) without AI provenance${claims.originGiven ? ' (AI-Origin: unknown or invalid)' : ''}; tiers.${required}.requireTrailer is on`,
          help: 'Install the commit hook (ai-provenance hook install) and recreate the commit (git commit --amend --no-edit, or git rebase -i) so it carries AI-Origin and AI-Lines trailers.',
          tier: required,
          ...where(required),
        });
      } else {
        const mode = this.compiled.policy.unknownProvenance;
        const severity: Severity = mode === 'fail' ? 'error' : mode === 'warn' ? 'warning' : 'note';
        push({
          rule: GATE_RULES.unknownProvenance.id,
          severity,
          message: `${sha}: no AI provenance (${claims.originGiven ? 'AI-Origin: unknown or invalid' : 'no AI-Origin trailer or note'}); unknownProvenance is "${mode}"`,
          help: 'Install the commit hook (ai-provenance hook install) so commits carry provenance; the gate never treats a commit without it as human-written.',
          tier,
          ...where(tier),
        });
      }
    }

    const aiLines = isAi ? Math.min(p.aiLines ?? 0, added) : 0;
    this.commits.push({
      sha: commit.sha,
      parents: commit.parents,
      author: { name: commit.authorName, email: commit.authorEmail },
      date: commit.committerDate,
      subject: commit.message.split('\n', 1)[0] ?? '',
      origin,
      source: claims.source,
      blocks: claims.blocks,
      claimed: {
        ...(claims.source !== 'none' && (claims.originGiven || claims.source === 'note') ? { origin: p.origin } : {}),
        ...(p.aiLines !== undefined ? { aiLines: p.aiLines, addedLines: p.addedLines } : {}),
        ...(p.blastRadius ? { blastRadius: p.blastRadius } : {}),
        tools: p.tools,
        assistedBy: p.assistedBy.map((a) => `${a.agent}:${a.model}`),
      },
      recomputed: { tier, pathTier, rules: [...rules], addedLines: added, deletedLines: deleted },
      aiLines,
      reviewers,
      approvals,
      files,
      findings: mine,
    });
  }

  private requirementText(tier: Tier): string {
    const r = this.compiled.requirements(tier);
    const parts: string[] = [];
    if (r.block) parts.push('AI-origin changes there are blocked');
    if (r.reviewers > 0) parts.push(`AI-origin changes need ${r.reviewers} approval${r.reviewers === 1 ? '' : 's'}`);
    return parts.length ? `; ${parts.join('; ')}` : '';
  }

  private countTier(tier: Tier, path: string, added: number, origin: AiOrigin, sha: string): void {
    let acc = this.tiers.get(tier);
    if (!acc) this.tiers.set(tier, (acc = { paths: new Set(), addedLines: 0, linesInAiCommits: 0, linesInUnknownCommits: 0, aiCommits: new Set() }));
    acc.paths.add(path);
    acc.addedLines += added;
    if (AI.has(origin)) {
      acc.linesInAiCommits += added;
      acc.aiCommits.add(sha);
    } else if (origin === 'unknown') acc.linesInUnknownCommits += added;
  }

  /** The report; commits in the order they were added (oldest first from readLog). */
  report(input: { version: string; failOn: FailOn; range: GateReport['range']; policy: PolicyInfo; approvals: number | null }): GateReport {
    const commits = this.commits;
    const count = (s: Severity) => this.findings.filter((f) => f.severity === s).length;
    const errors = count('error');
    const warnings = count('warning');
    const failed = input.failOn === 'error' ? errors > 0 : input.failOn === 'warning' ? errors + warnings > 0 : false;
    const origins: Record<AiOrigin, number> = { 'ai-generated': 0, 'ai-edited': 0, 'human-only': 0, unknown: 0 };
    let addedLines = 0;
    let aiLines = 0;
    let tier: Tier = 'low';
    let claimedTier: Tier | null = null;
    for (const c of commits) {
      origins[c.origin]++;
      addedLines += c.recomputed.addedLines;
      aiLines += c.aiLines;
      tier = maxTier(tier, c.recomputed.tier);
      if (c.claimed.blastRadius) claimedTier = maxTier(claimedTier ?? 'low', c.claimed.blastRadius.tier);
    }
    const tiers: TierRow[] = [...TIERS].reverse().flatMap((t) => {
      const acc = this.tiers.get(t);
      if (!acc) return [];
      const r = this.compiled.requirements(t);
      const inTier = this.findings.filter((f) => f.tier === t);
      const status = inTier.some((f) => f.severity === 'error') ? 'fail' : inTier.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
      return [
        {
          tier: t,
          files: acc.paths.size,
          addedLines: acc.addedLines,
          linesInAiCommits: acc.linesInAiCommits,
          linesInUnknownCommits: acc.linesInUnknownCommits,
          aiCommits: acc.aiCommits.size,
          requirements: { reviewers: r.reviewers, block: r.block, requireTrailer: r.requireTrailer },
          status,
        } satisfies TierRow,
      ];
    });
    return {
      format: REPORT_FORMAT,
      version: REPORT_VERSION,
      tool: { name: 'ai-provenance', version: input.version },
      verdict: failed ? 'fail' : 'pass',
      exitCode: failed ? 1 : 0,
      failOn: input.failOn,
      range: { ...input.range, commits: commits.length, mergesSkipped: this.mergesSkipped },
      policy: input.policy,
      approvals: input.approvals,
      summary: {
        tier,
        claimedTier,
        addedLines,
        aiLines,
        aiShare: addedLines === 0 ? 0 : aiLines / addedLines,
        origins,
        errors,
        warnings,
        notes: count('note'),
      },
      tiers,
      offendingFiles: this.offendingFiles(commits),
      commits,
      findings: this.findings,
    };
  }

  private offendingFiles(commits: readonly CommitResult[]): OffendingFile[] {
    const map = new Map<string, { tier: Tier; rule?: string; commits: Set<string>; errors: number; warnings: number }>();
    const entry = (path: string, tier: Tier, rule: string | undefined) => {
      let e = map.get(path);
      if (!e) map.set(path, (e = { tier, ...(rule !== undefined ? { rule } : {}), commits: new Set(), errors: 0, warnings: 0 }));
      if (tierRank(tier) > tierRank(e.tier)) {
        e.tier = tier;
        if (rule !== undefined) e.rule = rule;
      }
      return e;
    };
    for (const c of commits) {
      if (c.origin === 'human-only') continue;
      for (const f of c.files) if (tierAtLeast(f.tier, 'high')) entry(f.path, f.tier, f.rule).commits.add(short(c.sha));
    }
    for (const f of this.findings) {
      // A low-tier file only offends through an error or a content finding, not by a warning about its commit.
      if (f.file === undefined || f.severity === 'note') continue;
      if (f.severity === 'warning' && f.rule.startsWith('gate.') && !tierAtLeast(f.tier ?? 'low', 'high')) continue;
      const e = entry(f.file, f.tier ?? 'low', undefined);
      if (f.commit) e.commits.add(short(f.commit));
      if (f.severity === 'error') e.errors++;
      else e.warnings++;
    }
    return [...map.entries()]
      .map(([path, e]) => ({ path, tier: e.tier, ...(e.rule !== undefined ? { rule: e.rule } : {}), commits: [...e.commits], errors: e.errors, warnings: e.warnings }))
      .sort((a, b) => b.errors - a.errors || tierRank(b.tier) - tierRank(a.tier) || b.warnings - a.warnings || a.path.localeCompare(b.path));
  }
}
