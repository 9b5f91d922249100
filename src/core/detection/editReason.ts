import type { Mode } from '../origin';
import { normalizeModel, normalizeTool } from '../origin';

/**
 * What VS Code's proposed `detailedReason` (textDocumentChangeReason) says about an edit, mapped
 * to our vocabulary. The proposal exists in code-server and Insiders but not in stable VS Code,
 * so callers feature-detect it; this mapping is pure and tested on plain objects.
 */
export type ReasonSignal =
  | { readonly kind: 'ai'; readonly tool: string; readonly mode: Mode; readonly model?: string; readonly sessionId?: string; readonly source: string }
  | { readonly kind: 'human'; readonly source: string }
  | { readonly kind: 'reload' }
  | { readonly kind: 'undo' }
  | { readonly kind: 'unknown' };

/** Extension ids of AI tools, to name the tool behind an accept or a chat edit. */
export const AI_EXTENSIONS: Readonly<Record<string, string>> = {
  'github.copilot': 'copilot',
  'github.copilot-chat': 'copilot',
  'codeium.codeium': 'codeium',
  'codeium.windsurfpyright': 'windsurf',
  'tabnine.tabnine-vscode': 'tabnine',
  'continue.continue': 'continue',
  'supermaven.supermaven': 'supermaven',
  'sourcegraph.cody-ai': 'cody',
  'amazonwebservices.amazon-q-vscode': 'amazon-q',
  'google.geminicodeassist': 'gemini',
  'anthropic.claude-code': 'claude-code',
  'openai.chatgpt': 'codex',
  'saoudrizwan.claude-dev': 'cline',
  'rooveterinaryinc.roo-cline': 'roo-code',
  'blackboxapp.blackbox': 'blackbox',
};

/** Edits a person makes through the editor: never AI, whatever their size. */
const HUMAN_SOURCES = new Set(['cursor', 'snippet', 'suggest', 'codeAction', 'rename', 'formatEdit', 'format', 'eolChange', 'setValue']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length < 512 ? v : undefined;
}

/** This extension provides no completions or chat; its id only shows up for providers its tests register. */
const OWN_EXTENSION_ID = 'ai-provenance.ai-provenance';

export function toolForExtension(extensionId: string | undefined, fallback: string): string {
  if (!extensionId || extensionId.toLowerCase() === OWN_EXTENSION_ID) return fallback;
  return AI_EXTENSIONS[extensionId.toLowerCase()] ?? normalizeTool(extensionId.split('.').pop());
}

export function classifyDetailedReason(reason: unknown, inlineFallbackTool: string): ReasonSignal {
  if (typeof reason !== 'object' || reason === null) return { kind: 'unknown' };
  const r = reason as { source?: unknown; metadata?: unknown };
  const source = str(r.source);
  const meta = (typeof r.metadata === 'object' && r.metadata !== null ? r.metadata : {}) as Record<string, unknown>;
  switch (source) {
    case 'inlineCompletionAccept':
    case 'inlineCompletionPartialAccept':
      return {
        kind: 'ai',
        tool: toolForExtension(str(meta.$extensionId), inlineFallbackTool),
        mode: 'suggestive',
        source: meta.$nes === true ? 'next-edit-accept' : source === 'inlineCompletionAccept' ? 'inline-accept' : 'inline-partial-accept',
      };
    case 'Chat.applyEdits':
    case 'inlineChat.applyEdits': {
      const model = normalizeModel(str(meta.$modelId)?.replace(/\|/g, '/'));
      const sessionId = normalizeModel(str(meta.$$sessionId));
      const chatMode = str(meta.$$mode)?.toLowerCase();
      return {
        kind: 'ai',
        tool: toolForExtension(str(meta.$extensionId), 'chat'),
        mode: chatMode === 'ask' || chatMode === 'edit' || source === 'inlineChat.applyEdits' ? 'suggestive' : 'agentic',
        ...(model ? { model } : {}),
        ...(sessionId ? { sessionId } : {}),
        source: source === 'Chat.applyEdits' ? 'chat-edit' : 'inline-chat-edit',
      };
    }
    case 'Chat.undoEdits':
      return { kind: 'undo' };
    case 'reloadFromDisk':
      return { kind: 'reload' };
    default:
      if (source && HUMAN_SOURCES.has(source)) return { kind: 'human', source: source === 'cursor' ? `cursor:${str(meta.kind) ?? 'type'}` : source };
      return { kind: 'unknown' };
  }
}
