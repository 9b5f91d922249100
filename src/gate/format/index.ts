import type { GateReport } from '../model';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatText } from './text';

export type GateFormat = 'text' | 'json' | 'markdown' | 'sarif';
export const GATE_FORMATS: readonly GateFormat[] = ['text', 'json', 'markdown', 'sarif'];

export function formatReport(report: GateReport, format: GateFormat): string {
  switch (format) {
    case 'text':
      return formatText(report);
    case 'json':
      return `${JSON.stringify({ $schema: 'https://github.com/ai-provenance/ai-provenance/raw/main/schemas/gate-report.schema.json', ...report }, null, 2)}\n`;
    case 'markdown':
      return formatMarkdown(report);
    case 'sarif':
      return formatSarif(report);
  }
}

export { formatMarkdown } from './markdown';
export { formatSarif } from './sarif';
export { formatSummary, formatText } from './text';
