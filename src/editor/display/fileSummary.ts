import type * as vscode from 'vscode';
import { attributeLines, countContentLines } from '../../core/attribution/lineAttribution';
import type { AiRecord } from '../../core/tracking/provenanceTracker';
import type { TrackedDocument } from '../tracking/trackedDocument';
import { documentText } from '../tracking/textAdapter';

export interface FileSummary {
  readonly aiLines: number;
  readonly editedLines: number;
  readonly contentLines: number;
  /** Whole percent of non-blank lines that are AI lines. */
  readonly percent: number;
  readonly tools: string[];
}

/** AI share of a document by the core's line definition (see lineAttribution.ts). */
export function summarize(doc: TrackedDocument, document: vscode.TextDocument, externalIsAi: boolean): FileSummary {
  const text = documentText(document);
  const spans = doc.tracker
    .ranges()
    .filter((r) => externalIsAi || r.record.origin.kind !== 'external')
    .map((r) => ({ start: r.start, end: r.end, value: r.record }));
  const lines = attributeLines<AiRecord>(text, spans);
  let editedLines = 0;
  const tools = new Set<string>();
  for (const info of lines.values()) {
    if (info.edited) editedLines++;
    for (const rec of info.values) tools.add(rec.origin.tool);
  }
  const contentLines = countContentLines(text);
  const percent = contentLines === 0 ? 0 : Math.round((100 * lines.size) / contentLines);
  return { aiLines: lines.size, editedLines, contentLines, percent, tools: [...tools].sort() };
}
