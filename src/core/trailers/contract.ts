import type { Mode } from '../origin';
import { MODES } from '../origin';
import type { Tier } from '../policy/tiers';

/**
 * The commit trailer contract, version 1 (docs/trailers.md). One definition used by the git hook,
 * the CLI, the editor preview and the CI gate: how trailers are computed from line attribution,
 * rendered, sanitised and read back.
 */
export const TRAILER_CONTRACT_VERSION = 1;

export type AiOrigin = 'ai-generated' | 'ai-edited' | 'human-only' | 'unknown';
export const AI_ORIGINS: readonly AiOrigin[] = ['ai-generated', 'ai-edited', 'human-only', 'unknown'];

/** Our keys, in the order they are written. Keys match case-insensitively, as in git. */
export const TRAILER_KEYS = ['AI-Origin', 'AI-Lines', 'AI-Tools', 'Blast-Radius', 'Assisted-by'] as const;
export type TrailerKey = (typeof TRAILER_KEYS)[number];

export interface ToolUse {
  readonly tool: string;
  readonly mode: Mode;
}

export interface Assistance {
  /** Display name of the agent, e.g. `Claude`, `Codex`, `Copilot`. */
  readonly agent: string;
  readonly model: string;
  readonly tools: readonly string[];
}

/** What a commit's trailers say, as data. */
export interface CommitProvenance {
  readonly origin: AiOrigin;
  /** Added lines whose text is AI-origin, and all added lines; absent for `unknown`. */
  readonly aiLines?: number;
  readonly addedLines?: number;
  readonly tools: readonly ToolUse[];
  readonly blastRadius?: { readonly tier: Tier; readonly rules: readonly string[] };
  readonly assistedBy: readonly Assistance[];
}

export interface Trailer {
  readonly key: TrailerKey;
  readonly value: string;
}

/** How many rule ids Blast-Radius lists before summarising the rest as `+N`. */
export const MAX_BLAST_RULES = 5;
const MAX_TOOLS = 12;
const MAX_ASSISTED = 8;

const TOOL_RE = /^[a-z0-9][a-z0-9.+-]{0,63}$/;
/** Rule ids as the policy allows them (src/core/policy/parse.ts). */
const RULE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const AGENT_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Printable ASCII without space, brackets or comma: models are written inside a structured value. */
const MODEL_RE = /^[\x21-\x2b\x2d-\x5a\x5c\x5e-\x7e]{1,128}$/;

const AGENT_NAMES: Record<string, string> = {
  'claude-code': 'Claude',
  codex: 'Codex',
  copilot: 'Copilot',
  cursor: 'Cursor',
  aider: 'Aider',
  gemini: 'Gemini',
  windsurf: 'Windsurf',
  chat: 'Chat',
};

/** `claude-code` -> `Claude`; unknown tools keep their (already safe) name. */
export function agentName(tool: string): string {
  return AGENT_NAMES[tool] ?? tool;
}

/**
 * The commit's origin from its added lines: `ai-generated` when some AI line is untouched by a
 * person, `ai-edited` when AI lines exist and all were edited, `human-only` otherwise.
 */
export function originOf(lines: readonly { readonly ai: boolean; readonly edited: boolean }[]): AiOrigin {
  let ai = false;
  for (const l of lines) {
    if (!l.ai) continue;
    if (!l.edited) return 'ai-generated';
    ai = true;
  }
  return ai ? 'ai-edited' : 'human-only';
}

/** Values that fail their key's allow-list are left out: never written half-cleaned. */
export function renderTrailers(p: CommitProvenance): Trailer[] {
  const out: Trailer[] = [{ key: 'AI-Origin', value: p.origin }];
  if (p.origin !== 'unknown' && p.aiLines !== undefined && p.addedLines !== undefined) {
    out.push({ key: 'AI-Lines', value: `${p.aiLines}/${p.addedLines}` });
  }
  const tools = uniqueTools(p.tools).slice(0, MAX_TOOLS);
  if (tools.length > 0) out.push({ key: 'AI-Tools', value: tools.map((t) => `${t.tool}:${t.mode}`).join(', ') });
  if (p.blastRadius) {
    const rules = p.blastRadius.rules.filter((r) => RULE_RE.test(r));
    const shown = rules.slice(0, MAX_BLAST_RULES);
    const more = rules.length - shown.length;
    const list = [...shown, ...(more > 0 ? [`+${more}`] : [])];
    out.push({ key: 'Blast-Radius', value: list.length ? `${p.blastRadius.tier} (${list.join(', ')})` : p.blastRadius.tier });
  }
  const seen = new Set<string>();
  for (const a of p.assistedBy) {
    const value = `${a.agent}:${a.model}${a.tools.filter((t) => TOOL_RE.test(t)).map((t) => ` [${t}]`).join('')}`;
    if (seen.has(value) || seen.size >= MAX_ASSISTED) continue;
    seen.add(value);
    out.push({ key: 'Assisted-by', value });
  }
  return out.filter((t) => isValidTrailerValue(t.key, t.value));
}

function uniqueTools(tools: readonly ToolUse[]): ToolUse[] {
  const seen = new Set<string>();
  const out: ToolUse[] = [];
  for (const t of tools) {
    const k = `${t.tool}:${t.mode}`;
    if (!seen.has(k) && TOOL_RE.test(t.tool) && (MODES as readonly string[]).includes(t.mode)) {
      seen.add(k);
      out.push(t);
    }
  }
  return out.sort((a, b) => (a.tool === b.tool ? a.mode.localeCompare(b.mode) : a.tool.localeCompare(b.tool)));
}

/**
 * The per-key allow-list every value passes before it is written or believed: printable ASCII,
 * bounded, and shaped as the contract says. Nothing a file name, tool or model id contains can
 * add a line or forge another trailer.
 */
export function isValidTrailerValue(key: TrailerKey, value: string): boolean {
  if (value.length === 0 || value.length > 512 || !/^[\x20-\x7e]+$/.test(value)) return false;
  switch (key) {
    case 'AI-Origin':
      return (AI_ORIGINS as readonly string[]).includes(value);
    case 'AI-Lines': {
      const m = /^(\d{1,9})\/(\d{1,9})$/.exec(value);
      return !!m && Number(m[1]) <= Number(m[2]);
    }
    case 'AI-Tools':
      return value.split(', ').every((part) => {
        const [tool, mode, extra] = part.split(':');
        return extra === undefined && !!tool && TOOL_RE.test(tool) && (MODES as readonly string[]).includes(mode ?? '');
      });
    case 'Blast-Radius': {
      const m = /^(low|medium|high|critical)(?: \(([^()]+)\))?$/.exec(value);
      if (!m) return false;
      return m[2] === undefined || m[2].split(', ').every((r) => RULE_RE.test(r) || /^\+\d{1,6}$/.test(r));
    }
    case 'Assisted-by': {
      const m = /^([^:\s]+):(\S+)((?: \[[^\]\s]+\])*)$/.exec(value);
      if (!m || !AGENT_RE.test(m[1]!) || !MODEL_RE.test(m[2]!)) return false;
      return [...m[3]!.matchAll(/\[([^\]]+)\]/g)].every((t) => TOOL_RE.test(t[1]!));
    }
  }
}

/**
 * Reads our trailers back (as `git interpret-trailers --parse` or `%(trailers)` give them).
 * Invalid values are reported, not believed; a missing AI-Origin means `unknown`.
 */
export function parseTrailers(pairs: readonly { key: string; value: string }[]): { provenance: CommitProvenance; problems: string[] } {
  const problems: string[] = [];
  let origin: AiOrigin | undefined;
  let aiLines: number | undefined;
  let addedLines: number | undefined;
  const tools: ToolUse[] = [];
  let blastRadius: CommitProvenance['blastRadius'];
  const assistedBy: Assistance[] = [];
  for (const { key: rawKey, value: rawValue } of pairs) {
    const key = TRAILER_KEYS.find((k) => k.toLowerCase() === rawKey.trim().toLowerCase());
    if (!key) continue;
    const value = rawValue.trim();
    if (!isValidTrailerValue(key, value)) {
      problems.push(`${key}: invalid value '${value.slice(0, 80)}'`);
      continue;
    }
    switch (key) {
      case 'AI-Origin':
        if (origin !== undefined && origin !== value) problems.push(`AI-Origin given twice ('${origin}', '${value}')`);
        origin = value as AiOrigin;
        break;
      case 'AI-Lines': {
        const [a, b] = value.split('/').map(Number);
        aiLines = a;
        addedLines = b;
        break;
      }
      case 'AI-Tools':
        for (const part of value.split(', ')) {
          const [tool, mode] = part.split(':') as [string, Mode];
          tools.push({ tool, mode });
        }
        break;
      case 'Blast-Radius': {
        const m = /^(\w+)(?: \((.+)\))?$/.exec(value)!;
        blastRadius = { tier: m[1] as Tier, rules: m[2] ? m[2].split(', ').filter((r) => !r.startsWith('+')) : [] };
        break;
      }
      case 'Assisted-by': {
        const m = /^([^:]+):(\S+)(.*)$/.exec(value)!;
        assistedBy.push({ agent: m[1]!, model: m[2]!, tools: [...m[3]!.matchAll(/\[([^\]]+)\]/g)].map((t) => t[1]!) });
        break;
      }
    }
  }
  return {
    provenance: {
      origin: origin ?? 'unknown',
      ...(aiLines !== undefined ? { aiLines, addedLines } : {}),
      tools,
      ...(blastRadius ? { blastRadius } : {}),
      assistedBy,
    },
    problems,
  };
}
