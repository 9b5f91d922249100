import type { AiRecord } from '../../core/tracking/provenanceTracker';

const MODE_LABEL = { suggestive: 'suggestion accepted', agentic: 'agent edit', autonomous: 'autonomous agent' } as const;

/** Short human wording shared by the hover, the summary and the status bar. */
export function describeOrigin(record: AiRecord): { title: string; rows: [string, string][] } {
  const o = record.origin;
  if (o.kind === 'external') {
    return {
      title: 'Changed on disk by another program that no AI tool claimed',
      rows: [['When', o.time > 0 ? new Date(o.time).toLocaleString() : 'unknown']],
    };
  }
  const title = record.edited ? 'AI-generated, edited by a human' : 'AI-generated';
  const rows: [string, string][] = [
    ['Tool', o.tool],
    ['Mode', `${o.mode} (${MODE_LABEL[o.mode]})`],
  ];
  if (o.model) rows.push(['Model', o.model]);
  rows.push(['When', o.time > 0 ? new Date(o.time).toLocaleString() : 'unknown']);
  rows.push(['Edited by a human', record.edited ? 'yes' : 'no']);
  if (o.confidence === 'low') rows.push(['Confidence', 'low (heuristic)']);
  if (record.reviewed) rows.push(['Reviewed', `${record.reviewed.by}, ${new Date(record.reviewed.at).toLocaleString()}`]);
  return { title, rows };
}
