/**
 * The shape every agent's hook payload is reduced to, and the validators the parsers use. Every
 * field of a payload is untrusted: types are checked, sizes bounded, unknown fields ignored.
 */
import type { Mode } from '../core/origin';
import type { WriteSpec } from './locate';

/** Agents whose hooks `ai-provenance mark --from-hook` understands. */
export const AGENTS = ['claude-code', 'copilot', 'cursor', 'codex', 'gemini'] as const;
export type AgentId = (typeof AGENTS)[number];

export function isAgentId(v: string): v is AgentId {
  return (AGENTS as readonly string[]).includes(v);
}

export interface FileWrite {
  /** As the agent gave it: absolute, or relative to the payload's cwd. */
  readonly path: string;
  readonly spec: WriteSpec;
}

export interface HookEvent {
  /** Origin tool recorded in the ledger (`claude-code`, `copilot`, …). */
  readonly tool: string;
  /** Which payload format it was, recorded as the range's `source` (`hook:claude-code`, `hook:vscode`, …). */
  readonly source: string;
  /** The agent's own tool name (Edit, write_file, apply_patch, …). */
  readonly agentTool: string;
  readonly mode: Mode;
  readonly sessionId?: string;
  readonly model?: string;
  /** Absolute working directory the agent reported. */
  readonly cwd?: string;
  /** Claude Code's session transcript, read (bounded) only to learn the model. */
  readonly transcriptPath?: string;
  readonly writes: readonly FileWrite[];
}

export type ParseOutcome =
  | { readonly kind: 'event'; readonly event: HookEvent }
  /** A well-formed payload about something that writes no file (another tool, another event). */
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

export class PayloadError extends Error {}

export const LIMITS = {
  /** Whole payload on stdin. */
  payloadBytes: 32 * 1024 * 1024,
  /** One text field (file content, old/new strings). */
  text: 16 * 1024 * 1024,
  path: 4096,
  name: 256,
  edits: 2000,
} as const;

export type Json = Record<string, unknown>;

export function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

/** A short identifier-like string (tool, session, model, event name), or undefined. */
export function name(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= LIMITS.name ? v : undefined;
}

export function requireObj(v: unknown, what: string): Json {
  const o = obj(v);
  if (!o) throw new PayloadError(`${what} is not an object`);
  return o;
}

/** File text: a string within the size bound and without NUL (binary content is not tracked). */
export function requireText(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new PayloadError(`${what} is not a string`);
  if (v.length > LIMITS.text) throw new PayloadError(`${what} is longer than ${LIMITS.text} characters`);
  if (v.includes('\u0000')) throw new PayloadError(`${what} contains NUL (binary)`);
  return v;
}

export function optionalText(v: unknown, what: string): string | undefined {
  return v === undefined || v === null ? undefined : requireText(v, what);
}

export function requirePath(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new PayloadError(`${what} is not a non-empty string`);
  if (v.length > LIMITS.path) throw new PayloadError(`${what} is longer than ${LIMITS.path} characters`);
  if (hasControlChar(v)) throw new PayloadError(`${what} contains control characters`);
  return v.startsWith('file://') ? decodeFileUri(v, what) : v;
}

function decodeFileUri(v: string, what: string): string {
  try {
    const url = new URL(v);
    if (url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) throw new Error('not a local file URI');
    return decodeURIComponent(url.pathname);
  } catch {
    throw new PayloadError(`${what} is not a usable file URI`);
  }
}

export function requireArray(v: unknown, what: string, max: number = LIMITS.edits): unknown[] {
  if (!Array.isArray(v)) throw new PayloadError(`${what} is not an array`);
  if (v.length > max) throw new PayloadError(`${what} has more than ${max} entries`);
  return v;
}

/** An absolute directory path, or undefined. */
export function absDir(v: unknown): string | undefined {
  const s = name(v) ?? (typeof v === 'string' && v.length <= LIMITS.path ? v : undefined);
  return s && (s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s)) && !hasControlChar(s) ? s : undefined;
}

/** A JSON string holding an object (some agents pass tool arguments that way), or the object. */
export function objOrJsonObj(v: unknown): Json | undefined {
  if (typeof v === 'string' && v.length <= LIMITS.payloadBytes) {
    try {
      return obj(JSON.parse(v));
    } catch {
      return undefined;
    }
  }
  return obj(v);
}

/**
 * Claude Code's `permission_mode` (also accepted from other agents that send it). Modes in which
 * the agent acts without asking anyone are `autonomous`; the rest are `agentic`.
 */
export function modeFromPermission(v: unknown): Mode {
  return v === 'bypassPermissions' || v === 'dontAsk' || v === 'auto' ? 'autonomous' : 'agentic';
}

/** Any character below U+0020 (newlines, NUL, escapes): never part of a path we accept. */
export function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20) return true;
  return false;
}
