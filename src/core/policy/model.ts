import type { TierRequirements } from './requirements';
import type { Tier } from './tiers';

/** The policy file's name, at the repository root. */
export const POLICY_FILE = '.ai-provenance.json';

/** What the CI gate does with a change whose provenance it cannot establish. */
export type UnknownProvenance = 'allow' | 'warn' | 'fail';
export const UNKNOWN_PROVENANCE_VALUES: readonly UnknownProvenance[] = ['allow', 'warn', 'fail'];

export type Extends = 'defaults' | 'none';

/** Where a rule came from; `codeowners` only appears in classification results. */
export type RuleSource = 'built-in' | 'repo';

/** Globs that put a path in a tier. */
export interface PathRule {
  /** Stable, e.g. `iac.terraform`; repo rules with a built-in's id replace it. */
  readonly id: string;
  /** minimatch globs, already validated; see docs/policy.md for the matching conventions. */
  readonly match: readonly string[];
  /** Paths matching any of these are not matched by the rule. */
  readonly exclude: readonly string[];
  readonly tier: Tier;
  readonly reason: string;
  readonly source: RuleSource;
}

/** A regular expression that, found in AI-origin text, raises the risk whatever the path. */
export interface ContentRule {
  readonly id: string;
  /** JavaScript regular expression source, matched against one line at a time. */
  readonly pattern: string;
  /** Subset of `imsu`. */
  readonly flags: string;
  /**
   * Cancels a finding when it matches the same line or, when the match runs to the end of the
   * line, the next line (e.g. a `WHERE` clause under a `DELETE FROM`).
   */
  readonly unless?: string;
  /** When non-empty, the rule only applies to files matching one of these globs. */
  readonly paths: readonly string[];
  readonly tier: Tier;
  readonly reason: string;
  readonly source: RuleSource;
  /** A line the rule flags; built-ins carry one for the docs and the tests. */
  readonly example?: string;
}

export interface CodeownersSettings {
  /** Read CODEOWNERS at all. */
  readonly enabled: boolean;
  /** Paths with an owner are at least this tier. */
  readonly raiseTo: Tier;
  /** Entries such as `*` that own everything say nothing about risk; skip them. */
  readonly ignoreCatchAll: boolean;
}

/** The effective policy: built-in defaults merged with the repository's file. Plain data. */
export interface Policy {
  readonly extends: Extends;
  /** Built-in rules still in force (built-in order), then the repository's rules (file order). */
  readonly pathRules: readonly PathRule[];
  /** Built-in content rules still in force, then the repository's. */
  readonly contentRules: readonly ContentRule[];
  readonly tiers: Readonly<Record<Tier, TierRequirements>>;
  readonly unknownProvenance: UnknownProvenance;
  readonly codeowners: CodeownersSettings;
}

export type Severity = 'error' | 'warning';

/** A problem in the policy file or in CODEOWNERS, with a position an editor or a terminal can show. */
export interface PolicyProblem {
  /** As given to the parser (loadPolicy passes absolute paths). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  /** 0-based offset into the file's text, for editor diagnostics. */
  readonly offset: number;
  readonly length: number;
  readonly severity: Severity;
  readonly message: string;
}

export interface ParsedPolicy {
  /** Always usable: the built-in defaults when the file had errors. */
  readonly policy: Policy;
  readonly problems: readonly PolicyProblem[];
  /** True when errors made us ignore the file and use the built-in defaults instead. */
  readonly fellBack: boolean;
}

/** `file:line:col: severity: message`, the form terminals and editors turn into links. */
export function formatProblem(problem: PolicyProblem, file: string = problem.file): string {
  return `${file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
}

export function hasErrors(problems: readonly PolicyProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
