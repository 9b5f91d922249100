import type { Tier } from './tiers';

/**
 * What downstream gates demand of a change that puts AI-origin lines into a path of a given tier.
 * The policy only declares these; the editor, the commit hook and the CI gate enforce them.
 */
export interface TierRequirements {
  /** Human approvals the change needs before merge (read by the CI gate). */
  readonly reviewers: number;
  /** The CI gate fails outright, whatever the approvals. */
  readonly block: boolean;
  /** Commits must carry AI provenance trailers (checked by the CI gate). */
  readonly requireTrailer: boolean;
  /** The editor shows a warning when AI-origin text lands here. */
  readonly editorWarning: boolean;
}

export const REQUIREMENT_KEYS: readonly (keyof TierRequirements)[] = ['reviewers', 'block', 'requireTrailer', 'editorWarning'];

/** Upper bound for `reviewers`: larger numbers are typos, and no host enforces more. */
export const MAX_REVIEWERS = 10;

/**
 * Conservative starting point: nothing is blocked by default (teams opt in), but the higher
 * tiers ask for reviewers and trailers so the gate has something to check.
 */
export const DEFAULT_REQUIREMENTS: Readonly<Record<Tier, TierRequirements>> = {
  low: { reviewers: 0, block: false, requireTrailer: false, editorWarning: false },
  medium: { reviewers: 1, block: false, requireTrailer: false, editorWarning: false },
  high: { reviewers: 1, block: false, requireTrailer: true, editorWarning: true },
  critical: { reviewers: 2, block: false, requireTrailer: true, editorWarning: true },
};
