import type { TierRequirements } from '../../core/policy';
import type { Finding, GateReport, Severity } from '../model';
import { short } from '../range';

/** Text from commits and paths can hold terminal escapes; show control characters as `\xNN`. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function requirementSummary(r: Pick<TierRequirements, 'reviewers' | 'block' | 'requireTrailer'>): string {
  if (r.block) return 'blocked';
  const parts: string[] = [];
  if (r.reviewers > 0) parts.push(plural(r.reviewers, 'approval'));
  if (r.requireTrailer) parts.push('trailer');
  return parts.length ? parts.join(', ') : '-';
}

export function originSummary(report: GateReport): string {
  const o = report.summary.origins;
  return `${o['ai-generated']} ai-generated, ${o['ai-edited']} ai-edited, ${o['human-only']} human-only, ${o.unknown} unknown`;
}

export function location(f: Finding): string {
  if (f.file === undefined) return f.commit ? short(f.commit) : '';
  return `${f.file}${f.line !== undefined ? `:${f.line}${f.column !== undefined ? `:${f.column}` : ''}` : ''}`;
}

function headline(report: GateReport): string {
  const s = report.summary;
  const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
  return `AI Provenance gate: ${report.verdict.toUpperCase()} (${counts}; fail-on ${report.failOn})`;
}

function context(report: GateReport): string[] {
  const r = report.range;
  const s = report.summary;
  const p = report.policy;
  const policy =
    p.source === 'file' ? `${p.file} (--policy)` : p.source === 'base' ? `${p.file} at ${short(p.revision ?? '')}` : `built-in defaults (no ${'.ai-provenance.json'} at ${short(p.revision ?? '')})`;
  return [
    `Range:        ${short(r.mergeBase)}..${short(r.head)} (base ${clean(r.baseRef)}, head ${clean(r.headRef)}): ${plural(r.commits, 'commit')}${r.mergesSkipped ? `, ${plural(r.mergesSkipped, 'merge')} skipped` : ''}`,
    `Policy:       ${clean(policy)}${p.fellBack ? ' (broken: defaults apply)' : ''}; unknownProvenance ${p.unknownProvenance}`,
    `Blast radius: ${s.tier}${s.claimedTier !== null ? ` (trailers claim ${s.claimedTier})` : ''}`,
    `AI share:     ${percent(s.aiShare)} (${s.aiLines} of ${s.addedLines} added lines, as claimed by trailers)`,
    `Commits:      ${originSummary(report)}`,
    ...(report.approvals !== null ? [`Approvals:    ${report.approvals} (--approvals)`] : []),
  ];
}

const MARK: Record<Severity, string> = { error: 'x', warning: '!', note: '-' };

/** The full readable report. */
export function formatText(report: GateReport, options: { maxNotes?: number } = {}): string {
  const out = [headline(report), '', ...context(report)];
  if (report.tiers.length > 0) {
    out.push('', 'Tier      Files   Added  In AI commits  Unknown  Required for AI changes  Status');
    for (const t of report.tiers) {
      out.push(
        `${t.tier.padEnd(8)}  ${String(t.files).padStart(5)}  ${String(t.addedLines).padStart(6)}  ${String(t.linesInAiCommits).padStart(13)}  ${String(t.linesInUnknownCommits).padStart(7)}  ${requirementSummary(t.requirements).padEnd(23)}  ${t.status}`,
      );
    }
  }
  const groups: [Severity, string][] = [
    ['error', 'Errors (policy violations)'],
    ['warning', 'Warnings'],
    ['note', 'Notes'],
  ];
  for (const [severity, title] of groups) {
    const list = report.findings.filter((f) => f.severity === severity);
    if (list.length === 0) continue;
    const limit = severity === 'note' ? (options.maxNotes ?? 20) : Infinity;
    out.push('', `${title}:`);
    for (const f of list.slice(0, limit)) {
      out.push(`  ${MARK[severity]} [${f.rule}] ${clean(location(f))}${f.file !== undefined && f.commit ? ` (${short(f.commit)})` : ''}`);
      out.push(`    ${clean(f.message)}`);
      out.push(`    what to do: ${clean(f.help)}`);
    }
    if (list.length > limit) out.push(`  ... and ${list.length - limit} more`);
  }
  out.push('', verdictLine(report));
  return `${out.join('\n')}\n`;
}

/** A few lines for the terminal when the full report went to a file. */
export function formatSummary(report: GateReport, written?: string): string {
  const out = [headline(report), ...context(report)];
  const errors = report.findings.filter((f) => f.severity === 'error');
  for (const f of errors.slice(0, 10)) out.push(`  x [${f.rule}] ${clean(location(f))}: ${clean(f.message)}`);
  if (errors.length > 10) out.push(`  ... and ${errors.length - 10} more errors`);
  if (written) out.push(`Report written to ${written}`);
  out.push(verdictLine(report));
  return `${out.join('\n')}\n`;
}

function verdictLine(report: GateReport): string {
  if (report.verdict === 'pass') {
    return report.summary.errors > 0
      ? `PASS (exit 0): ${plural(report.summary.errors, 'error')} reported, but --fail-on is ${report.failOn}.`
      : 'PASS (exit 0).';
  }
  return `FAIL (exit 1): fix the ${report.failOn === 'warning' ? 'errors and warnings' : 'errors'} above; each says what to do.`;
}
