import type { AiOrigin, ToolUse } from '../core/trailers/contract';
import type { Tier, UnknownProvenance } from '../core/policy';
import type { ClaimSource } from './claims';

/** The JSON report's format name and version (schemas/gate-report.schema.json). */
export const REPORT_FORMAT = 'ai-provenance-gate-report';
export const REPORT_VERSION = 1;

/** error: a policy violation (exit 1). warning: reported; fails only with --fail-on warning. note: information. */
export type Severity = 'error' | 'warning' | 'note';
export type FailOn = 'error' | 'warning' | 'never';
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'never'];

export interface Finding {
  /** A gate rule id (`gate.*`) or the id of the policy content rule that matched. */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** What to do about it. */
  readonly help: string;
  readonly commit?: string;
  /** Repository-relative path. */
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based, UTF-16 code units. */
  readonly column?: number;
  /** 1-based column just after the match. */
  readonly endColumn?: number;
  readonly tier?: Tier;
}

export interface FileResult {
  readonly path: string;
  readonly oldPath?: string;
  readonly status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';
  readonly tier: Tier;
  /** Rule that decided the tier, when one matched. */
  readonly rule?: string;
  readonly added: number;
  readonly deleted: number;
  readonly binary: boolean;
  /** AI-origin lines in this file per the commit's note, when it lists them. */
  readonly aiLines?: number;
}

export interface CommitResult {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly author: { readonly name: string; readonly email: string };
  readonly date: string;
  readonly subject: string;
  /** The origin the gate judged by (claims made worst-case where they conflict). */
  readonly origin: AiOrigin;
  readonly source: ClaimSource;
  /** Trailer blocks merged from a squash message (1 otherwise). */
  readonly blocks: number;
  readonly claimed: {
    readonly origin?: AiOrigin;
    readonly aiLines?: number;
    readonly addedLines?: number;
    readonly blastRadius?: { readonly tier: Tier; readonly rules: readonly string[] };
    readonly tools: readonly ToolUse[];
    readonly assistedBy: readonly string[];
  };
  readonly recomputed: {
    /** Highest of the touched paths' tiers and of content findings in AI-origin (or unknown) lines. */
    readonly tier: Tier;
    /** Highest tier of the touched paths alone (what Blast-Radius describes). */
    readonly pathTier: Tier;
    readonly rules: readonly string[];
    readonly addedLines: number;
    readonly deletedLines: number;
  };
  /** AI lines counted for shares: the claim, capped at the recomputed added lines. */
  readonly aiLines: number;
  readonly reviewers: readonly string[];
  readonly approvals: number;
  readonly files: readonly FileResult[];
  /** Indexes into GateReport.findings. */
  readonly findings: readonly number[];
}

export interface TierRow {
  readonly tier: Tier;
  readonly files: number;
  readonly addedLines: number;
  readonly linesInAiCommits: number;
  readonly linesInUnknownCommits: number;
  readonly aiCommits: number;
  readonly requirements: { readonly reviewers: number; readonly block: boolean; readonly requireTrailer: boolean };
  readonly status: 'pass' | 'fail' | 'warn' | 'none';
}

export interface OffendingFile {
  readonly path: string;
  readonly tier: Tier;
  readonly rule?: string;
  readonly commits: readonly string[];
  readonly errors: number;
  readonly warnings: number;
}

export interface PolicyInfo {
  /** `base`: the base revision's file; `file`: --policy; `defaults`: none at base. */
  readonly source: 'base' | 'file' | 'defaults';
  readonly file: string | null;
  readonly revision: string | null;
  readonly fellBack: boolean;
  readonly unknownProvenance: UnknownProvenance;
  readonly problems: readonly string[];
}

export interface GateReport {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_VERSION;
  readonly tool: { readonly name: 'ai-provenance'; readonly version: string };
  readonly verdict: 'pass' | 'fail';
  readonly exitCode: 0 | 1;
  readonly failOn: FailOn;
  readonly range: {
    readonly base: string;
    readonly head: string;
    readonly mergeBase: string;
    readonly baseRef: string;
    readonly headRef: string;
    readonly commits: number;
    readonly mergesSkipped: number;
  };
  readonly policy: PolicyInfo;
  readonly approvals: number | null;
  readonly summary: {
    readonly tier: Tier;
    readonly claimedTier: Tier | null;
    readonly addedLines: number;
    readonly aiLines: number;
    /** aiLines / addedLines, 0 when nothing was added. */
    readonly aiShare: number;
    readonly origins: Readonly<Record<AiOrigin, number>>;
    readonly errors: number;
    readonly warnings: number;
    readonly notes: number;
  };
  readonly tiers: readonly TierRow[];
  readonly offendingFiles: readonly OffendingFile[];
  readonly commits: readonly CommitResult[];
  readonly findings: readonly Finding[];
}
