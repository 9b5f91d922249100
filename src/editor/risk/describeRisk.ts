import type { Tier, TierRequirements } from '../../core/policy';

export function severityOf(tier: Tier): 'error' | 'warning' | 'info' | 'hint' {
  return tier === 'critical' ? 'error' : tier === 'high' ? 'warning' : tier === 'medium' ? 'info' : 'hint';
}

/** "needs 2 reviewers and an AI-Origin trailer", from the policy's per-tier requirements. */
export function describeRequirements(r: TierRequirements): string {
  const parts: string[] = [];
  if (r.block) parts.push('is blocked by the merge gate');
  if (r.reviewers > 0) parts.push(`needs ${r.reviewers} reviewer${r.reviewers === 1 ? '' : 's'}`);
  if (r.requireTrailer) parts.push('needs AI-Origin commit trailers');
  return parts.length ? `Policy: ${parts.join(', ')}.` : 'Policy: no extra requirements.';
}
