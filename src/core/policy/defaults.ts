import { DEFAULT_CONTENT_RULES } from './defaultContentRules';
import { DEFAULT_PATH_RULES } from './defaultPathRules';
import type { CodeownersSettings, Policy, UnknownProvenance } from './model';
import { DEFAULT_REQUIREMENTS } from './requirements';

export { DEFAULT_CONTENT_RULES } from './defaultContentRules';
export { DEFAULT_PATH_RULES } from './defaultPathRules';

export const DEFAULT_CODEOWNERS_SETTINGS: CodeownersSettings = { enabled: true, raiseTo: 'medium', ignoreCatchAll: true };
export const DEFAULT_UNKNOWN_PROVENANCE: UnknownProvenance = 'warn';

const DEFAULT_POLICY: Policy = {
  extends: 'defaults',
  pathRules: DEFAULT_PATH_RULES,
  contentRules: DEFAULT_CONTENT_RULES,
  tiers: DEFAULT_REQUIREMENTS,
  unknownProvenance: DEFAULT_UNKNOWN_PROVENANCE,
  codeowners: DEFAULT_CODEOWNERS_SETTINGS,
};

/** The policy of a repository without `.ai-provenance.json` (and of one whose file is broken). */
export function defaultPolicy(): Policy {
  return DEFAULT_POLICY;
}
