/**
 * The origin model: what we know about where a run of characters came from.
 * Shared by the editor, the CLI, the git hook fallback and the gate.
 */

/** How much autonomy the AI had when it wrote the text. */
export type Mode = 'suggestive' | 'agentic' | 'autonomous';
export const MODES: readonly Mode[] = ['suggestive', 'agentic', 'autonomous'];

/**
 * `ai`: written by an AI tool we can name. `external`: changed on disk by a process nobody
 * claimed (counted as AI only when the user's settings say so).
 */
export type OriginKind = 'ai' | 'external';

/** `high`: a deterministic signal (accept command, agent hook, explicit mark). `low`: a heuristic. */
export type Confidence = 'high' | 'low';

export interface Review {
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
}

/** Everything recorded about one AI-origin range besides where it is. */
export interface OriginMeta {
  readonly kind: OriginKind;
  /** Normalised tool name: `copilot`, `claude-code`, `codex`, `cursor`, `aider`, `chat`, or user-given. */
  readonly tool: string;
  readonly mode: Mode;
  readonly model?: string;
  /** Epoch milliseconds when the text was written. */
  readonly time: number;
  readonly confidence: Confidence;
  /** Free-form signal name for diagnostics, e.g. `inline-accept`, `cli-mark`, `hook:claude-code`. */
  readonly source?: string;
  readonly sessionId?: string;
}

const TOOL_ALIASES: Record<string, string> = {
  claude: 'claude-code',
  claudecode: 'claude-code',
  'claude-code': 'claude-code',
  'github-copilot': 'copilot',
  'copilot-chat': 'copilot',
  'copilot-cli': 'copilot',
  copilot: 'copilot',
  'openai-codex': 'codex',
  'codex-cli': 'codex',
  codex: 'codex',
  'cursor-tab': 'cursor',
  cursor: 'cursor',
  aider: 'aider',
  'gemini-cli': 'gemini',
  gemini: 'gemini',
  chat: 'chat',
};

const MAX_TOOL = 64;
const MAX_MODEL = 128;

/**
 * Tool names arrive from users, agent payloads and extension ids: keep them short, lowercase and
 * made of characters that are safe in a file, a trailer and a hover.
 */
export function normalizeTool(raw: string | undefined): string {
  const cleaned = (raw ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s_/]+/g, '-')
    .replace(/[^a-z0-9.+-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, MAX_TOOL);
  if (!cleaned) return 'unknown';
  return TOOL_ALIASES[cleaned] ?? cleaned;
}

/** Model ids are shown and stored, never interpreted: printable ASCII, bounded. */
export function normalizeModel(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const cleaned = raw.replace(/[^\x21-\x7e]/g, '').slice(0, MAX_MODEL);
  return cleaned || undefined;
}

export function isMode(value: unknown): value is Mode {
  return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}

export function makeOrigin(fields: {
  tool: string | undefined;
  mode?: Mode;
  model?: string | undefined;
  time?: number;
  kind?: OriginKind;
  confidence?: Confidence;
  source?: string;
  sessionId?: string | undefined;
}): OriginMeta {
  const model = normalizeModel(fields.model);
  const sessionId = normalizeModel(fields.sessionId);
  return {
    kind: fields.kind ?? 'ai',
    tool: normalizeTool(fields.tool),
    mode: fields.mode ?? 'agentic',
    ...(model ? { model } : {}),
    time: fields.time ?? Date.now(),
    confidence: fields.confidence ?? 'high',
    ...(fields.source ? { source: fields.source } : {}),
    ...(sessionId ? { sessionId } : {}),
  };
}
