import { POLICY_FILE } from './model';

/** Written by `ai-provenance policy init`; a unit test keeps it valid against the parser and the schema. */
export const STARTER_POLICY = `// ${POLICY_FILE}: how risky AI-written changes are, per path. JSON with comments.
// Reference: docs/policy.md. Check it with: ai-provenance policy check
// Explain a path with:                     ai-provenance policy explain <path>
{
  // "defaults" keeps the built-in rules (CI, IaC, migrations, secrets, auth, ...);
  // "none" starts from nothing.
  "extends": "defaults",

  // Path rules: minimatch globs -> tier. A glob without "/" matches at any depth.
  // Built-in rules combine by taking the highest tier; then the LAST matching rule here
  // decides (it can raise or lower). A rule with a built-in's id replaces that rule.
  "rules": [
    // { "id": "payments.ledger", "match": ["services/ledger/**"], "tier": "critical",
    //   "reason": "Moves money between accounts." },
    // { "id": "docs.sql-examples", "match": "docs/**/*.sql", "tier": "low",
    //   "reason": "Examples in the docs are never executed." }
  ],

  // Content rules: regular expressions that, found in AI-written lines, raise the risk
  // whatever the path. Matched one line at a time.
  "contentRules": [
    // { "id": "app.feature-flag-kill", "pattern": "killSwitch\\\\s*\\\\(", "tier": "high",
    //   "reason": "Turns off a feature for every customer." }
  ],

  // Built-in rule ids to switch off, e.g. "deps.lockfiles".
  "disable": [],

  // What the gates require per tier (only the fields you change).
  "tiers": {
    "high": { "reviewers": 1, "requireTrailer": true },
    "critical": { "reviewers": 2, "requireTrailer": true, "block": false }
  },

  // What CI does when it cannot tell whether a change was AI-written: "allow", "warn", "fail".
  "unknownProvenance": "warn",

  // Paths with an owner in CODEOWNERS are at least this tier ("*" catch-alls are ignored).
  "codeowners": { "enabled": true, "raiseTo": "medium" }
}
`;
