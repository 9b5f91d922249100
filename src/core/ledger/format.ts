import type { Confidence, Mode, OriginKind, OriginMeta, Review } from '../origin';
import { isMode, makeOrigin, normalizeModel, normalizeTool } from '../origin';

/**
 * The ledger: one JSON file per tracked source file, the hand-off between processes (editor
 * windows, the CLI, agent hooks, git hooks). Documented in docs/ledger.md; bump the version on
 * any change that an older reader would misread.
 */
export const LEDGER_FORMAT = 'ai-provenance-ledger';
export const LEDGER_VERSION = 1;

/** Line and character, 0-based, in UTF-16 code units; `end` is exclusive. */
export type LinePos = readonly [line: number, character: number];

export interface LedgerRange {
  /** The record id; several ranges share one when human edits split a record. */
  readonly id: string;
  readonly start: LinePos;
  readonly end: LinePos;
  /** `lineHash` of every line the range covers, first to last, for re-anchoring. */
  readonly lines: readonly string[];
  readonly kind: OriginKind;
  readonly tool: string;
  readonly mode: Mode;
  readonly model?: string;
  /** ISO 8601. */
  readonly time: string;
  readonly confidence: Confidence;
  readonly edited: boolean;
  readonly reviewed?: Review;
  readonly source?: string;
  readonly session?: string;
}

export interface LedgerFile {
  readonly format: typeof LEDGER_FORMAT;
  readonly version: number;
  /** Repo-relative path with forward slashes (absolute outside a repo). */
  readonly path: string;
  /** git blob id of the text the positions refer to. */
  readonly contentHash: string;
  /** ISO 8601. */
  readonly updated: string;
  /** Who wrote it last: `vscode`, `cli`, `hook`, with a process id. */
  readonly writer: string;
  readonly ranges: readonly LedgerRange[];
}

export class LedgerFormatError extends Error {}

/** Written by a newer version of this product: leave it alone rather than overwrite it. */
export class LedgerTooNewError extends Error {}

export function emptyLedger(path: string, contentHash: string, writer: string): LedgerFile {
  return { format: LEDGER_FORMAT, version: LEDGER_VERSION, path, contentHash, updated: new Date().toISOString(), writer, ranges: [] };
}

export function serializeLedger(ledger: LedgerFile): string {
  return `${JSON.stringify(ledger, null, 1)}\n`;
}

const MAX_STRING = 512;

function str(v: unknown, max = MAX_STRING): string | undefined {
  return typeof v === 'string' && v.length <= max ? v : undefined;
}

function pos(v: unknown): LinePos | undefined {
  if (!Array.isArray(v) || v.length !== 2) return undefined;
  const [l, c] = v as unknown[];
  return Number.isInteger(l) && Number.isInteger(c) && (l as number) >= 0 && (c as number) >= 0 ? [l as number, c as number] : undefined;
}

function parseRange(raw: unknown): LedgerRange | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const id = str(r.id, 64);
  const start = pos(r.start);
  const end = pos(r.end);
  const lines = Array.isArray(r.lines) && r.lines.every((h) => typeof h === 'string' && h.length <= 16) ? (r.lines as string[]) : undefined;
  const time = str(r.time, 40);
  if (!id || !start || !end || !lines || !time || Number.isNaN(Date.parse(time))) return undefined;
  if (end[0] < start[0] || (end[0] === start[0] && end[1] <= start[1])) return undefined;
  if (lines.length !== coveredLineCount(start, end)) return undefined;
  if (!isMode(r.mode)) return undefined;
  const kind: OriginKind = r.kind === 'external' ? 'external' : 'ai';
  const confidence: Confidence = r.confidence === 'low' ? 'low' : 'high';
  const model = normalizeModel(str(r.model));
  const review = r.reviewed as Record<string, unknown> | undefined;
  const reviewed =
    review && typeof review === 'object' && str(review.by, 128) && str(review.at, 40)
      ? { by: review.by as string, at: review.at as string }
      : undefined;
  const source = str(r.source, 64);
  const session = str(r.session, 128);
  return {
    id,
    start,
    end,
    lines,
    kind,
    tool: normalizeTool(str(r.tool)),
    mode: r.mode,
    ...(model ? { model } : {}),
    time,
    confidence,
    edited: r.edited === true,
    ...(reviewed ? { reviewed } : {}),
    ...(source ? { source } : {}),
    ...(session ? { session } : {}),
  };
}

/**
 * Parses a ledger file. A file that is not a ledger at all throws `LedgerFormatError` (the store
 * sets it aside); single malformed ranges are dropped and counted, so one bad entry never costs
 * the rest.
 */
export function parseLedger(text: string): { ledger: LedgerFile; dropped: number } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new LedgerFormatError(`not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof raw !== 'object' || raw === null) throw new LedgerFormatError('not a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.format !== LEDGER_FORMAT) throw new LedgerFormatError(`format is not '${LEDGER_FORMAT}'`);
  if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) throw new LedgerFormatError('missing version');
  if (o.version > LEDGER_VERSION) throw new LedgerTooNewError(`ledger version ${o.version} is newer than this version understands (${LEDGER_VERSION})`);
  const path = str(o.path, 4096);
  const contentHash = str(o.contentHash, 64);
  if (path === undefined || contentHash === undefined || !Array.isArray(o.ranges)) throw new LedgerFormatError('missing path, contentHash or ranges');
  const ranges: LedgerRange[] = [];
  let dropped = 0;
  for (const r of o.ranges as unknown[]) {
    const parsed = parseRange(r);
    if (parsed) ranges.push(parsed);
    else dropped++;
  }
  return {
    ledger: {
      format: LEDGER_FORMAT,
      version: LEDGER_VERSION,
      path,
      contentHash,
      updated: str(o.updated, 40) ?? new Date(0).toISOString(),
      writer: str(o.writer, 128) ?? 'unknown',
      ranges,
    },
    dropped,
  };
}

/** Lines a range covers: an end at character 0 does not cover its line. */
export function coveredLineCount(start: LinePos, end: LinePos): number {
  const last = end[1] === 0 && end[0] > start[0] ? end[0] - 1 : end[0];
  return last - start[0] + 1;
}

export function originOfRange(r: LedgerRange): OriginMeta {
  const t = Date.parse(r.time);
  return makeOrigin({
    kind: r.kind,
    tool: r.tool,
    mode: r.mode,
    model: r.model,
    time: Number.isNaN(t) ? 0 : t,
    confidence: r.confidence,
    ...(r.source ? { source: r.source } : {}),
    sessionId: r.session,
  });
}
