import type { Finding, GateReport, Severity } from '../model';
import { short } from '../range';
import { originSummary, percent, plural, requirementSummary } from './text';

/**
 * Text from commits and paths is untrusted: escape everything Markdown or HTML would act on,
 * so a file name can neither break a table nor inject a link or an image.
 */
export function md(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1');
}

/** A code span when the text allows one; otherwise escaped text. */
export function code(text: string): string {
  if (/[`\r\n]/.test(text) || text === '') return md(text);
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', note: 'ℹ️' };
const STATUS: Record<string, string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', none: '' };

function where(f: Finding): string {
  const parts: string[] = [];
  if (f.file !== undefined) parts.push(code(`${f.file}${f.line !== undefined ? `:${f.line}` : ''}`));
  if (f.commit) parts.push(code(short(f.commit)));
  return parts.join(' @ ');
}

export interface MarkdownOptions {
  /** Rows of the findings table before "and N more" (the step summary is capped at 1 MiB). */
  readonly maxFindings?: number;
  readonly maxCommits?: number;
}

/** For $GITHUB_STEP_SUMMARY and pull request comments. */
export function formatMarkdown(report: GateReport, options: MarkdownOptions = {}): string {
  const s = report.summary;
  const r = report.range;
  const p = report.policy;
  const out: string[] = [];
  out.push(`## ${report.verdict === 'pass' ? '✅' : '❌'} AI Provenance gate: ${report.verdict}`);
  out.push('');
  out.push(
    `**${plural(s.errors, 'error')}**, ${plural(s.warnings, 'warning')} · blast radius **${s.tier}**${s.claimedTier !== null ? ` (trailers claim ${s.claimedTier})` : ''} · AI share **${percent(s.aiShare)}** (${s.aiLines} of ${s.addedLines} added lines)`,
  );
  out.push('');
  out.push(
    `${plural(r.commits, 'commit')} in ${code(short(r.mergeBase))}..${code(short(r.head))} (${originSummary(report)})${r.mergesSkipped ? `, ${plural(r.mergesSkipped, 'merge')} skipped` : ''} · policy: ${
      p.source === 'base' ? `${code(p.file ?? '')} at ${code(short(p.revision ?? ''))}` : p.source === 'file' ? `${code(p.file ?? '')} (--policy)` : 'built-in defaults'
    }${p.fellBack ? ' (broken: defaults apply)' : ''}${report.approvals !== null ? ` · approvals: ${report.approvals}` : ''}`,
  );

  if (report.tiers.length > 0) {
    out.push('', '### By tier', '');
    out.push('| Tier | Files | Added lines | In AI-origin commits | Unknown provenance | Required for AI changes | Status |');
    out.push('| --- | ---: | ---: | ---: | ---: | --- | --- |');
    for (const t of report.tiers) {
      out.push(
        `| ${t.tier} | ${t.files} | ${t.addedLines} | ${t.linesInAiCommits} | ${t.linesInUnknownCommits} | ${requirementSummary(t.requirements)} | ${STATUS[t.status] ?? ''} |`,
      );
    }
  }

  if (report.offendingFiles.length > 0) {
    const files = report.offendingFiles.slice(0, 50);
    out.push('', '### Offending files', '');
    out.push('| File | Tier | Rule | Commits | Errors | Warnings |');
    out.push('| --- | --- | --- | --- | ---: | ---: |');
    for (const f of files) out.push(`| ${code(f.path)} | ${f.tier} | ${f.rule !== undefined ? code(f.rule) : ''} | ${f.commits.slice(0, 5).map(code).join(' ')}${f.commits.length > 5 ? ' …' : ''} | ${f.errors} | ${f.warnings} |`);
    if (report.offendingFiles.length > files.length) out.push('', `… and ${report.offendingFiles.length - files.length} more files.`);
  }

  const shown = [...report.findings].sort((a, b) => rank(a.severity) - rank(b.severity));
  if (shown.length > 0) {
    const max = options.maxFindings ?? 100;
    out.push('', '### Findings', '');
    out.push('| | Rule | Where | Finding | What to do |');
    out.push('| --- | --- | --- | --- | --- |');
    for (const f of shown.slice(0, max)) out.push(`| ${ICON[f.severity]} | ${code(f.rule)} | ${where(f)} | ${md(f.message)} | ${md(f.help)} |`);
    if (shown.length > max) out.push('', `… and ${shown.length - max} more findings (see the JSON or SARIF report).`);
  }

  if (report.commits.length > 0) {
    const max = options.maxCommits ?? 200;
    out.push('', `<details><summary>Commits (${report.commits.length})</summary>`, '');
    out.push('| Commit | Origin | From | Tier | Added | AI lines | Subject |');
    out.push('| --- | --- | --- | --- | ---: | ---: | --- |');
    for (const c of report.commits.slice(0, max)) {
      out.push(`| ${code(short(c.sha))} | ${c.origin} | ${c.source} | ${c.recomputed.tier} | ${c.recomputed.addedLines} | ${c.aiLines} | ${md(c.subject.slice(0, 100))} |`);
    }
    if (report.commits.length > max) out.push('', `… and ${report.commits.length - max} more commits.`);
    out.push('', '</details>');
  }
  out.push('');
  return `${out.join('\n')}\n`;
}

function rank(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}
