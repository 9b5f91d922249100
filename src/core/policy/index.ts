/**
 * The policy engine: which paths and which AI-written lines are risky, and what the gates require
 * per risk tier. vscode-free; the editor, the git hooks, the CLI and the CI gate all use it.
 */
export type { Tier } from './tiers';
export { TIERS, compareTiers, isTier, maxTier, tierAtLeast, tierRank } from './tiers';
export type { TierRequirements } from './requirements';
export { DEFAULT_REQUIREMENTS, REQUIREMENT_KEYS } from './requirements';
export type {
  CodeownersSettings,
  ContentRule,
  Extends,
  ParsedPolicy,
  PathRule,
  Policy,
  PolicyProblem,
  RuleSource,
  Severity,
  UnknownProvenance,
} from './model';
export { POLICY_FILE, formatProblem, hasErrors } from './model';
export { DEFAULT_CODEOWNERS_SETTINGS, DEFAULT_CONTENT_RULES, DEFAULT_PATH_RULES, defaultPolicy } from './defaults';
export { parsePolicy } from './parse';
export type { LoadOptions, LoadedPolicy, ReadFile } from './load';
export { loadPolicy } from './load';
export type { CompileOptions, CompiledPolicy, PathClassification, PathClassifier, RuleMatch } from './classifier';
export { compilePolicy } from './classifier';
export type { ContentFinding, ScanLine, ScanOptions } from './content';
export { MAX_SCAN_LINE_LENGTH, scanContent, scanLines } from './content';
export type { RiskAssessment } from './assess';
export { assessRisk } from './assess';
export type { Codeowners, CodeownersEntry } from './codeowners';
export { CODEOWNERS_LOCATIONS, CodeownersMatcher, parseCodeowners } from './codeowners';
export { normalizeRepoPath } from './paths';
export { STARTER_POLICY } from './starter';
