/**
 * Risk tiers: how much damage a wrong change to a path (or a line of text) can do. Every part of
 * the product (editor warnings, hook trailers, CI gate) compares tiers through these helpers so
 * that the order is defined once.
 */
export type Tier = 'low' | 'medium' | 'high' | 'critical';

/** Lowest first. */
export const TIERS: readonly Tier[] = ['low', 'medium', 'high', 'critical'];

const RANK: Readonly<Record<Tier, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RANK, value);
}

/** 0 for `low` up to 3 for `critical`. */
export function tierRank(tier: Tier): number {
  return RANK[tier];
}

/** Negative when `a` is lower than `b`, for `Array.prototype.sort`. */
export function compareTiers(a: Tier, b: Tier): number {
  return RANK[a] - RANK[b];
}

/** The highest of the given tiers; `low` when there are none. `undefined` entries are skipped. */
export function maxTier(...tiers: readonly (Tier | undefined)[]): Tier {
  let best: Tier = 'low';
  for (const t of tiers) if (t !== undefined && RANK[t] > RANK[best]) best = t;
  return best;
}

export function tierAtLeast(tier: Tier, minimum: Tier): boolean {
  return RANK[tier] >= RANK[minimum];
}
