import { randomUUID } from 'node:crypto';
import type { AttributionSource, CommitAttribution } from '../core/attribution/commitAttribution';
import type { LedgerRange } from '../core/ledger/format';
import type { Mode, Review } from '../core/origin';
import { isMode, normalizeModel, normalizeTool } from '../core/origin';
import type { Trailer } from '../core/trailers/contract';
import { VERSION } from '../core/version';
import type { GitOptions } from './exec';
import { runGit } from './exec';

/**
 * The git note kept for each commit under refs/notes/ai-provenance: the line-level provenance
 * behind its trailers. An Agent Trace record (https://agent-trace.dev, spec 0.1) with our summary
 * at the top level and our details under `metadata["dev.ai-provenance"]`; docs/trailers.md has
 * the format.
 */
export const NOTES_REF = 'refs/notes/ai-provenance';
export const NOTE_FORMAT_VERSION = 1;
const AGENT_TRACE_VERSION = '0.1';
const VENDOR = 'dev.ai-provenance';
/** Notes larger than this are not read back (a hostile or broken note must not stall a hook). */
const MAX_NOTE_BYTES = 8 * 1024 * 1024;

export interface NoteRange {
  readonly start_line: number;
  readonly end_line: number;
}

export interface NoteConversation {
  readonly contributor: { readonly type: 'ai' | 'mixed'; readonly model_id?: string };
  readonly ranges: readonly NoteRange[];
  /** Extensions to Agent Trace: the tool and its mode, and who reviewed these lines (when someone did). */
  readonly tool: string;
  readonly mode: Mode;
  readonly reviewed?: Review;
}

export interface NoteFile {
  readonly path: string;
  readonly conversations: readonly NoteConversation[];
}

export interface NoteDetail {
  readonly format: number;
  readonly tree: string;
  /** The commit the added lines are counted against; `root` for a root commit. */
  readonly base: string;
  readonly trailers: readonly string[];
  /** Per file: committed blob, number of added lines, and `[line, lineHash]` of each AI line. */
  readonly files: Readonly<Record<string, { readonly blob: string; readonly added: number; readonly lines: readonly (readonly [number, string])[] }>>;
  readonly unknownReason?: string;
}

export interface ProvenanceNote {
  readonly version: string;
  readonly id: string;
  readonly timestamp: string;
  readonly vcs: { readonly type: 'git'; readonly revision: string };
  readonly tool: { readonly name: 'ai-provenance'; readonly version: string };
  readonly origin: string;
  readonly aiLines?: number;
  readonly addedLines?: number;
  readonly files: readonly NoteFile[];
  readonly metadata: { readonly [VENDOR]: NoteDetail };
}

export interface NoteInput {
  readonly commit: string;
  readonly tree: string;
  readonly base: string | undefined;
  readonly attribution: CommitAttribution;
  readonly trailers: readonly Trailer[];
  readonly now?: Date;
}

/** The note for a commit from its attribution: runs of consecutive AI lines sharing a contributor. */
export function buildNote(input: NoteInput): ProvenanceNote {
  const p = input.attribution.provenance;
  const files: NoteFile[] = [];
  const detail: Record<string, { blob: string; added: number; lines: [number, string][] }> = {};
  for (const f of input.attribution.files) {
    detail[f.path] = { blob: f.blob, added: f.addedLines, lines: f.aiLines.map((l) => [l.line, l.hash]) };
    if (f.aiLines.length === 0) continue;
    const conversations = new Map<string, { contributor: NoteConversation['contributor']; ranges: NoteRange[]; tool: string; mode: Mode; reviewed?: Review }>();
    let prev: { key: string; line: number } | undefined;
    for (const l of f.aiLines) {
      const type = l.edited ? 'mixed' : 'ai';
      const key = `${type}\n${l.model ?? ''}\n${l.tool}\n${l.mode}\n${l.reviewed ? `${l.reviewed.by}\n${l.reviewed.at}` : ''}`;
      let c = conversations.get(key);
      if (!c) {
        c = { contributor: { type, ...(l.model ? { model_id: l.model } : {}) }, ranges: [], tool: l.tool, mode: l.mode, ...(l.reviewed ? { reviewed: l.reviewed } : {}) };
        conversations.set(key, c);
      }
      const last = c.ranges[c.ranges.length - 1];
      if (last && prev && prev.key === key && prev.line === l.line - 1) c.ranges[c.ranges.length - 1] = { start_line: last.start_line, end_line: l.line };
      else c.ranges.push({ start_line: l.line, end_line: l.line });
      prev = { key, line: l.line };
    }
    files.push({ path: f.path, conversations: [...conversations.values()] });
  }
  return {
    version: AGENT_TRACE_VERSION,
    id: randomUUID(),
    timestamp: (input.now ?? new Date()).toISOString(),
    vcs: { type: 'git', revision: input.commit },
    tool: { name: 'ai-provenance', version: VERSION },
    origin: p.origin,
    ...(p.aiLines !== undefined && p.addedLines !== undefined ? { aiLines: p.aiLines, addedLines: p.addedLines } : {}),
    files,
    metadata: {
      [VENDOR]: {
        format: NOTE_FORMAT_VERSION,
        tree: input.tree,
        base: input.base ?? 'root',
        trailers: input.trailers.map((t) => `${t.key}: ${t.value}`),
        files: detail,
        ...(input.attribution.unknownReason !== undefined ? { unknownReason: input.attribution.unknownReason } : {}),
      },
    },
  };
}

export function serializeNote(note: ProvenanceNote): string {
  return `${JSON.stringify(note, null, 1)}\n`;
}

/**
 * The AI lines a note records, as whole-line ranges per path that can be placed in a later text
 * of the file (an amend re-commits lines the note describes). Anything malformed is skipped.
 */
export function noteSources(text: string, revision = 'note'): Map<string, AttributionSource> {
  const out = new Map<string, AttributionSource>();
  if (text.length > MAX_NOTE_BYTES) return out;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return out;
  }
  if (!isObject(data) || !Array.isArray(data.files) || !isObject(data.metadata)) return out;
  const detail = data.metadata[VENDOR];
  if (!isObject(detail) || !isObject(detail.files)) return out;
  const time = typeof data.timestamp === 'string' && !Number.isNaN(Date.parse(data.timestamp)) ? data.timestamp : new Date(0).toISOString();
  let n = 0;
  for (const file of data.files) {
    if (!isObject(file) || typeof file.path !== 'string' || !Array.isArray(file.conversations)) continue;
    const d = detail.files[file.path];
    if (!isObject(d) || typeof d.blob !== 'string' || !Array.isArray(d.lines)) continue;
    const hashes = new Map<number, string>();
    for (const entry of d.lines) {
      if (Array.isArray(entry) && Number.isSafeInteger(entry[0]) && typeof entry[1] === 'string' && entry[1].length <= 16) hashes.set(entry[0] as number, entry[1]);
    }
    const ranges: LedgerRange[] = [];
    for (const c of file.conversations) {
      if (!isObject(c) || !isObject(c.contributor) || !Array.isArray(c.ranges) || !isMode(c.mode)) continue;
      const type = c.contributor.type;
      if (type !== 'ai' && type !== 'mixed') continue;
      const model = normalizeModel(typeof c.contributor.model_id === 'string' ? c.contributor.model_id : undefined);
      const rv = isObject(c.reviewed) ? c.reviewed : undefined;
      const reviewed =
        rv && typeof rv.by === 'string' && typeof rv.at === 'string' && rv.by.length <= 128 && rv.at.length <= 40 ? { by: rv.by, at: rv.at } : undefined;
      for (const r of c.ranges) {
        if (!isObject(r) || !Number.isSafeInteger(r.start_line) || !Number.isSafeInteger(r.end_line)) continue;
        const s = r.start_line as number;
        const e = r.end_line as number;
        if (s < 1 || e < s || e - s > 1_000_000) continue;
        const lines: string[] = [];
        for (let l = s; l <= e; l++) {
          const h = hashes.get(l);
          if (h === undefined) break;
          lines.push(h);
        }
        if (lines.length !== e - s + 1) continue;
        ranges.push({
          id: `${revision.slice(0, 12)}-${n++}`,
          start: [s - 1, 0],
          end: [e, 0],
          lines,
          kind: 'ai',
          tool: normalizeTool(typeof c.tool === 'string' ? c.tool : undefined),
          mode: c.mode,
          ...(model ? { model } : {}),
          time,
          confidence: 'high',
          edited: type === 'mixed',
          ...(reviewed ? { reviewed } : {}),
        });
      }
    }
    if (ranges.length > 0) out.set(file.path, { contentHash: d.blob, ranges, lineLevel: true });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The note of a commit, or undefined when it has none. */
export async function readNote(commit: string, options: GitOptions): Promise<string | undefined> {
  const r = await runGit(['notes', `--ref=${NOTES_REF}`, 'show', commit], options);
  return r.code === 0 ? r.stdout : undefined;
}

/**
 * Writes (replaces) a commit's note. Retries when another process holds the notes ref; falls
 * back to a fixed identity when the user has none configured (the note commit needs one).
 */
export async function writeNote(commit: string, text: string, options: GitOptions): Promise<void> {
  let identity: string[] = [];
  let lastError = '';
  for (let attempt = 0; attempt < 8; attempt++) {
    const r = await runGit([...identity, 'notes', `--ref=${NOTES_REF}`, 'add', '-f', '-F', '-', commit], { ...options, input: text });
    if (r.code === 0) return;
    lastError = r.stderr.trim();
    if (/identity|empty ident|user\.(name|email)/i.test(lastError) && identity.length === 0) {
      identity = ['-c', 'user.name=AI Provenance', '-c', 'user.email=ai-provenance@localhost'];
      continue;
    }
    if (!/lock|exists|cannot update ref|failed to update/i.test(lastError)) break;
    await new Promise((res) => setTimeout(res, 20 * (attempt + 1)));
  }
  throw new Error(`git notes add failed: ${lastError || 'unknown error'}`);
}

/** Copies notes to rewritten commits (`post-rewrite` after a rebase): `old new` pairs. */
export async function copyNotes(pairs: readonly (readonly [string, string])[], options: GitOptions): Promise<number> {
  let copied = 0;
  for (const [from, to] of pairs) {
    const text = await readNote(from, options);
    if (text === undefined) continue;
    let rewritten = text;
    try {
      const data = JSON.parse(text) as Record<string, unknown>;
      if (isObject(data.vcs)) data.vcs = { ...data.vcs, revision: to };
      rewritten = `${JSON.stringify(data, null, 1)}\n`;
    } catch {
      // Not ours to repair: copied as it is.
    }
    await writeNote(to, rewritten, options);
    copied++;
  }
  return copied;
}
