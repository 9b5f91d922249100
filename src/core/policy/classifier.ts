import type { Codeowners } from './codeowners';
import { CodeownersMatcher } from './codeowners';
import type { CompiledContentRule } from './content';
import { compileContentRules } from './content';
import type { CompiledGlob } from './globs';
import { compileGlobs } from './globs';
import type { PathRule, Policy } from './model';
import type { IndexEntry, PathParts } from './pathIndex';
import { PathIndex, splitPath } from './pathIndex';
import { normalizeRepoPath } from './paths';
import type { TierRequirements } from './requirements';
import type { Tier } from './tiers';
import { tierRank } from './tiers';
import { LruCache } from './lru';

export interface RuleMatch {
  readonly id: string;
  readonly tier: Tier;
  readonly reason: string;
  readonly source: 'built-in' | 'repo' | 'codeowners';
}

export interface PathClassification {
  /** The path as matched (normalised). */
  readonly path: string;
  readonly tier: Tier;
  /** Every rule that matched: built-in rules, then repo rules in file order, then CODEOWNERS. */
  readonly rules: readonly RuleMatch[];
  /** Id of the rule that set the tier (`codeowners` when CODEOWNERS raised it); undefined when nothing matched. */
  readonly decidedBy: string | undefined;
}

export interface CompiledPolicy extends PathClassifier {
  readonly policy: Policy;
  readonly contentRules: readonly CompiledContentRule[];
  readonly codeowners: Codeowners | undefined;
  /** What the gates require of AI-origin changes in a tier. */
  requirements(tier: Tier): TierRequirements;
}

export interface PathClassifier {
  /** Repository-relative path; `\` separators, `./` and `..` are normalised first. */
  classify(path: string): PathClassification;
}

export interface CompileOptions {
  /** Parsed CODEOWNERS (from loadPolicy); used when the policy's `codeowners.enabled` is true. */
  readonly codeowners?: Codeowners | undefined;
  /** Classifications kept per path; 0 disables the cache. Default 10,000. */
  readonly cacheSize?: number;
}

export const DEFAULT_CACHE_SIZE = 10_000;
const CODEOWNERS_ID = 'codeowners';

interface RuleRuntime {
  readonly rule: PathRule;
  readonly exclude: readonly CompiledGlob[];
  readonly match: RuleMatch;
}

/**
 * Compiles a policy into a classifier. Tier of a path: the highest tier among matching built-in
 * rules; then the last matching repository rule, if any, overrides it (up or down); then a
 * CODEOWNERS owner raises it to at least `codeowners.raiseTo`. Throws only on a policy that did
 * not come from parsePolicy/defaultPolicy and has invalid globs or patterns.
 */
export function compilePolicy(policy: Policy, options: CompileOptions = {}): CompiledPolicy {
  const runtimes: RuleRuntime[] = [];
  const entries: IndexEntry[] = [];
  policy.pathRules.forEach((rule, owner) => {
    runtimes.push({
      rule,
      exclude: compileGlobs(rule.exclude),
      match: { id: rule.id, tier: rule.tier, reason: rule.reason, source: rule.source },
    });
    for (const glob of compileGlobs(rule.match)) {
      entries.push({ owner, keys: glob.keys, matches: (p: string) => glob.match(p) });
    }
  });
  const index = new PathIndex(entries, runtimes.length);
  const co = policy.codeowners.enabled && options.codeowners ? new CodeownersMatcher(options.codeowners) : undefined;
  const cache = new LruCache<string, PathClassification>(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  const contentRules = compileContentRules(policy.contentRules);

  const classifyParts = (parts: PathParts): PathClassification => {
    const rules: RuleMatch[] = [];
    let tier: Tier = 'low';
    let decidedBy: string | undefined;
    let builtInBest = -1;
    let lastRepo: RuleMatch | undefined;
    for (const owner of index.matchingOwners(parts)) {
      const rt = runtimes[owner]!;
      if (rt.exclude.length > 0 && rt.exclude.some((m) => m.match(parts.path))) continue;
      rules.push(rt.match);
      if (rt.rule.source === 'repo') lastRepo = rt.match;
      else if (tierRank(rt.rule.tier) > builtInBest) {
        builtInBest = tierRank(rt.rule.tier);
        tier = rt.rule.tier;
        decidedBy = rt.rule.id;
      }
    }
    if (lastRepo) {
      tier = lastRepo.tier;
      decidedBy = lastRepo.id;
    }
    if (co) {
      const entry = co.match(parts);
      if (entry && entry.owners.length > 0 && !(entry.catchAll && policy.codeowners.ignoreCatchAll)) {
        const raiseTo = policy.codeowners.raiseTo;
        rules.push({
          id: CODEOWNERS_ID,
          tier: raiseTo,
          reason: `Owned by ${entry.owners.join(' ')} (${co.codeowners.file}:${entry.line})`,
          source: 'codeowners',
        });
        if (tierRank(raiseTo) > tierRank(tier)) {
          tier = raiseTo;
          decidedBy = CODEOWNERS_ID;
        }
      }
    }
    return { path: parts.path, tier, rules, decidedBy };
  };

  return {
    policy,
    contentRules,
    codeowners: co?.codeowners,
    requirements: (tier) => policy.tiers[tier],
    classify(path: string): PathClassification {
      const cached = cache.get(path);
      if (cached) return cached;
      const normalized = normalizeRepoPath(path);
      const result =
        normalized === '' || normalized === '..' || normalized.startsWith('../')
          ? { path: normalized, tier: 'low' as const, rules: [], decidedBy: undefined }
          : classifyParts(splitPath(normalized));
      cache.set(path, result);
      return result;
    },
  };
}
