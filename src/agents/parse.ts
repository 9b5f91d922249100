import type { AgentId, ParseOutcome } from './payload';
import { LIMITS, obj, PayloadError } from './payload';
import { parseClaudeCode } from './parsers/claudeCode';
import { parseCodex } from './parsers/codex';
import { parseCopilot } from './parsers/copilot';
import { parseCursor } from './parsers/cursor';
import { parseGemini } from './parsers/gemini';

const PARSERS: Record<AgentId, (p: Record<string, unknown>) => ParseOutcome> = {
  'claude-code': parseClaudeCode,
  copilot: parseCopilot,
  cursor: parseCursor,
  codex: parseCodex,
  gemini: parseGemini,
};

/** An agent's hook payload (stdin text) reduced to what it wrote, or why there is nothing to record. */
export function parseHookPayload(agent: AgentId, raw: string): ParseOutcome {
  if (raw.length > LIMITS.payloadBytes) return { kind: 'invalid', reason: `payload larger than ${LIMITS.payloadBytes} bytes` };
  if (raw.trim() === '') return { kind: 'invalid', reason: 'empty payload' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { kind: 'invalid', reason: `not JSON (${err instanceof Error ? err.message.slice(0, 120) : 'parse error'})` };
  }
  const p = obj(json);
  if (!p) return { kind: 'invalid', reason: 'payload is not a JSON object' };
  try {
    return PARSERS[agent](p);
  } catch (err) {
    if (err instanceof PayloadError) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}
