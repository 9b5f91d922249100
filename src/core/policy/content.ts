import type { ContentRule } from './model';
import type { Tier } from './tiers';
import type { CompiledGlob } from './globs';
import { compileGlobs } from './globs';
import { normalizeRepoPath } from './paths';
import { checkUserRegex } from './regexSafety';

/**
 * Lines longer than this are only matched on their first MAX_SCAN_LINE_LENGTH characters:
 * minified bundles and data blobs would otherwise cost more than a whole edit should, and the
 * cap bounds the time any one pattern can take on a line.
 */
export const MAX_SCAN_LINE_LENGTH = 2000;

export interface ContentFinding {
  readonly ruleId: string;
  readonly tier: Tier;
  readonly reason: string;
  /** 0-based line (input index plus `firstLine`, or the line number given to scanLines). */
  readonly line: number;
  /** 0-based column in UTF-16 code units. */
  readonly column: number;
  readonly length: number;
}

export interface CompiledContentRule {
  readonly rule: ContentRule;
  readonly regex: RegExp;
  readonly unless: RegExp | undefined;
  readonly paths: readonly CompiledGlob[];
}

/** Compiles rules that went through parsePolicy (or the built-ins); throws on anything invalid. */
export function compileContentRules(rules: readonly ContentRule[]): CompiledContentRule[] {
  return rules.map((rule) => ({
    rule,
    regex: compileRegex(rule, rule.pattern),
    unless: rule.unless === undefined ? undefined : compileRegex(rule, rule.unless),
    paths: compileGlobs(rule.paths),
  }));
}

function compileRegex(rule: ContentRule, source: string): RegExp {
  // Built-ins are reviewed here and covered by backtracking tests; only the length limit, meant
  // for repository authors, would get in their way.
  if (rule.source === 'built-in') return new RegExp(source, rule.flags);
  const check = checkUserRegex(source, rule.flags);
  if (check.error !== undefined) throw new Error(`content rule ${rule.id}: ${check.error}`);
  return check.regex;
}

export interface HasContentRules {
  readonly contentRules: readonly CompiledContentRule[];
}

export interface ScanOptions {
  /** Line number of the first input line, so findings carry document lines. Default 0. */
  readonly firstLine?: number;
  /** Repository-relative path of the text; rules restricted to other paths are skipped. */
  readonly path?: string;
}

export interface ScanLine {
  /** 0-based line in the document. */
  readonly line: number;
  readonly text: string;
}

/**
 * Finds destructive or widening operations in a piece of text: every rule, each line, first
 * match per rule per line. Findings are ordered by line, then by rule order.
 */
export function scanContent(text: string | readonly string[], compiled: HasContentRules, options: ScanOptions = {}): ContentFinding[] {
  const lines = typeof text === 'string' ? text.split(/\r\n|\r|\n/) : text;
  const first = options.firstLine ?? 0;
  return scanLines(
    lines.map((t, i) => ({ line: first + i, text: t })),
    compiled,
    options.path === undefined ? {} : { path: options.path },
  );
}

/**
 * Like scanContent for lines that need not be contiguous (the AI-origin lines of an edit).
 * A rule's `unless` looks at the following line only when it is the next entry and directly
 * follows in the document.
 */
export function scanLines(lines: readonly ScanLine[], compiled: HasContentRules, options: { readonly path?: string } = {}): ContentFinding[] {
  const rules = applicableRules(compiled.contentRules, options.path);
  const findings: ContentFinding[] = [];
  for (let i = 0; i < lines.length; i++) {
    const entry = lines[i]!;
    const text = entry.text.length > MAX_SCAN_LINE_LENGTH ? entry.text.slice(0, MAX_SCAN_LINE_LENGTH) : entry.text;
    for (const c of rules) {
      const m = c.regex.exec(text);
      if (!m) continue;
      if (c.unless) {
        if (c.unless.test(text)) continue;
        const next = lines[i + 1];
        const restIsBlank = text.slice(m.index + m[0].length).trim() === '';
        if (restIsBlank && next && next.line === entry.line + 1 && c.unless.test(next.text.slice(0, MAX_SCAN_LINE_LENGTH))) continue;
      }
      findings.push({ ruleId: c.rule.id, tier: c.rule.tier, reason: c.rule.reason, line: entry.line, column: m.index, length: m[0].length });
    }
  }
  return findings;
}

function applicableRules(rules: readonly CompiledContentRule[], path: string | undefined): readonly CompiledContentRule[] {
  if (path === undefined || rules.every((r) => r.paths.length === 0)) return rules;
  const normalized = normalizeRepoPath(path);
  return rules.filter((r) => r.paths.length === 0 || r.paths.some((m) => m.match(normalized)));
}
