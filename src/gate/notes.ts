import type { AiOrigin } from '../core/trailers/contract';
import { AI_ORIGINS } from '../core/trailers/contract';

/**
 * Reader of the git note the commit hook writes under refs/notes/ai-provenance. Its format is
 * owned by the hook (docs/trailers.md); until it settles, this reads it defensively: JSON or
 * nothing, and only the few facts the gate uses, from the shapes it can recognise (our own and
 * Agent Trace's `files[].conversations[].ranges[]`). Keep every assumption about the format here.
 */
export interface NoteFacts {
  readonly origin?: AiOrigin;
  readonly aiLines?: number;
  readonly addedLines?: number;
  /** AI-origin line ranges per path (1-based, inclusive), when the note lists them. */
  readonly files: ReadonlyMap<string, readonly (readonly [number, number])[]>;
}

export type NoteRead = { readonly ok: true; readonly facts: NoteFacts } | { readonly ok: false; readonly warning: string };

const MAX_NOTE = 8 * 1024 * 1024;

export function readNote(text: string): NoteRead {
  if (text.length > MAX_NOTE) return { ok: false, warning: `note larger than ${MAX_NOTE} bytes; ignored` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, warning: 'note is not JSON; ignored' };
  }
  if (!isObject(data)) return { ok: false, warning: 'note is not a JSON object; ignored' };
  const originValue = pick(data, ['origin', 'aiOrigin', 'ai_origin', 'AI-Origin']);
  const origin = typeof originValue === 'string' && (AI_ORIGINS as readonly string[]).includes(originValue) ? (originValue as AiOrigin) : undefined;
  const aiLines = count(pick(data, ['aiLines', 'ai_lines']));
  const addedLines = count(pick(data, ['addedLines', 'added_lines']));
  const files = new Map<string, [number, number][]>();
  const list = pick(data, ['files']);
  if (Array.isArray(list)) {
    for (const entry of list) {
      if (!isObject(entry) || typeof entry.path !== 'string') continue;
      const ranges: [number, number][] = [];
      collectRanges(pick(entry, ['lines', 'aiLines', 'ranges']), ranges);
      const conversations = entry.conversations;
      if (Array.isArray(conversations)) {
        for (const c of conversations) {
          if (!isObject(c)) continue;
          const contributor = isObject(c.contributor) ? c.contributor.type : undefined;
          if (contributor !== undefined && contributor !== 'ai' && contributor !== 'mixed') continue;
          collectRanges(c.ranges, ranges);
        }
      }
      if (ranges.length > 0) files.set(entry.path, [...(files.get(entry.path) ?? []), ...ranges]);
    }
  }
  return {
    ok: true,
    facts: {
      ...(origin !== undefined ? { origin } : {}),
      ...(aiLines !== undefined ? { aiLines } : {}),
      ...(addedLines !== undefined ? { addedLines } : {}),
      files,
    },
  };
}

/** `[[a, b], ...]`, `[{start, end}]` or Agent Trace's `[{start_line, end_line}]`. */
function collectRanges(value: unknown, out: [number, number][]): void {
  if (!Array.isArray(value)) return;
  for (const r of value) {
    let a: unknown;
    let b: unknown;
    if (Array.isArray(r)) [a, b] = r as unknown[];
    else if (isObject(r)) {
      a = r.start ?? r.start_line ?? r.startLine;
      b = r.end ?? r.end_line ?? r.endLine ?? a;
    } else if (typeof r === 'number') a = b = r;
    const s = count(a);
    const e = count(b ?? a);
    if (s !== undefined && e !== undefined && s >= 1 && e >= s) out.push([s, e]);
  }
}

function pick(o: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the 1-based line is inside one of the ranges. */
export function inRanges(ranges: readonly (readonly [number, number])[] | undefined, line: number): boolean {
  return !!ranges && ranges.some(([a, b]) => line >= a && line <= b);
}
