import { createHash } from 'node:crypto';
import type { Finding, GateReport, Severity } from '../model';
import { GATE_RULES, GATE_RULE_LIST } from '../rules';
import { POLICY_FILE } from '../../core/policy';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFO_URI = 'https://github.com/ai-provenance/ai-provenance/blob/main/docs/gate.md';

interface SarifRule {
  id: string;
  name?: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: Severity };
  properties: { tags: string[] };
}

const GATE_LEVEL: Record<string, Severity> = {
  [GATE_RULES.reviewers.id]: 'error',
  [GATE_RULES.blocked.id]: 'error',
  [GATE_RULES.missingTrailer.id]: 'error',
  [GATE_RULES.squash.id]: 'note',
  [GATE_RULES.note.id]: 'note',
};

/** A repository-relative path as a relative URI reference (each segment percent-encoded). */
export function pathUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 for code scanning. Every result has a location (GitHub requires one): its file and
 * line, or for a commit-level finding the commit's first file, or the policy file. Levels: `error`
 * for what fails the gate, `warning`/`note` otherwise; content rules default by tier.
 */
export function formatSarif(report: GateReport): string {
  const rules: SarifRule[] = GATE_RULE_LIST.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.description },
    helpUri: `${INFO_URI}#rules`,
    defaultConfiguration: { level: GATE_LEVEL[r.id] ?? 'warning' },
    properties: { tags: ['ai-provenance'] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const firstFile = new Map(report.commits.map((c) => [c.sha, c.files.find((f) => f.status !== 'deleted') ?? c.files[0]]));

  const included = report.findings.filter((f) => f.severity !== 'note' || f.file !== undefined);
  const results = included.map((f) => {
    if (!index.has(f.rule)) {
      index.set(f.rule, rules.length);
      rules.push({
        id: f.rule,
        shortDescription: { text: f.message.replace(/ \([^()]*\) in (an?|the) .*$/, '') || f.rule },
        helpUri: 'https://github.com/ai-provenance/ai-provenance/blob/main/docs/policy.md#built-in-content-rules',
        defaultConfiguration: { level: f.tier === 'critical' || f.tier === 'high' ? 'warning' : 'note' },
        properties: { tags: ['ai-provenance', 'content-rule', ...(f.tier ? [`tier:${f.tier}`] : [])] },
      });
    }
    let file = f.file;
    let line = f.line;
    if (file === undefined && f.commit !== undefined) {
      const first = firstFile.get(f.commit);
      if (first) {
        file = first.path;
        line = undefined;
      }
    }
    file ??= POLICY_FILE;
    const region =
      line !== undefined
        ? { startLine: line, ...(f.column !== undefined ? { startColumn: f.column } : {}), ...(f.endColumn !== undefined ? { endColumn: f.endColumn } : {}) }
        : { startLine: 1 };
    return {
      ruleId: f.rule,
      ruleIndex: index.get(f.rule)!,
      level: f.severity,
      message: { text: `${f.message}. What to do: ${f.help}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: pathUri(file), uriBaseId: '%SRCROOT%' }, region } }],
      partialFingerprints: { 'aiProvenanceFinding/v1': fingerprint(f) },
      properties: { ...(f.commit !== undefined ? { commit: f.commit } : {}), ...(f.tier !== undefined ? { tier: f.tier } : {}) },
    };
  });

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ai-provenance',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/ai-provenance/ai-provenance',
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, exitCode: report.exitCode }],
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          verdict: report.verdict,
          base: report.range.base,
          head: report.range.head,
          mergeBase: report.range.mergeBase,
          tier: report.summary.tier,
          aiShare: report.summary.aiShare,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function fingerprint(f: Finding): string {
  return createHash('sha256')
    .update([f.rule, f.commit ?? '', f.file ?? '', f.line ?? '', f.column ?? '', f.message].join('\0'))
    .digest('hex')
    .slice(0, 32);
}
