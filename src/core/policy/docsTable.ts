import type { ContentRule, PathRule } from './model';
import type { TierRequirements } from './requirements';
import { REQUIREMENT_KEYS } from './requirements';
import type { Tier } from './tiers';
import { TIERS } from './tiers';

/**
 * Markdown tables for docs/policy.md, generated from the built-ins so the docs cannot drift:
 * a unit test compares them with the file (UPDATE_POLICY_DOCS=1 rewrites it).
 */
export function pathRulesTable(rules: readonly PathRule[]): string {
  const rows = rules.map((r) => {
    const globs = r.match.map(code).join(' ');
    const exclude = r.exclude.length > 0 ? `<br>except ${r.exclude.map(code).join(' ')}` : '';
    return `| \`${r.id}\` | ${r.tier} | ${globs}${exclude} | ${cell(r.reason)} |`;
  });
  return ['| Id | Tier | Globs | Reason |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function contentRulesTable(rules: readonly ContentRule[]): string {
  const rows = rules.map((r) => `| \`${r.id}\` | ${r.tier} | ${r.example === undefined ? '' : code(r.example)} | ${cell(r.reason)} |`);
  return ['| Id | Tier | Example it flags | Reason |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function requirementsTable(tiers: Readonly<Record<Tier, TierRequirements>>): string {
  const rows = TIERS.map((t) => `| ${t} | ${REQUIREMENT_KEYS.map((k) => String(tiers[t][k])).join(' | ')} |`);
  return [`| Tier | ${REQUIREMENT_KEYS.join(' | ')} |`, `| --- | ${REQUIREMENT_KEYS.map(() => '---').join(' | ')} |`, ...rows].join('\n');
}

/** A code span that survives any content: pipes escaped for GFM tables, fences longer than any backtick run. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
