import * as vscode from 'vscode';
import { classifyDetailedReason } from '../../core/detection/editReason';
import type { OriginMeta } from '../../core/origin';
import { makeOrigin } from '../../core/origin';
import type { ChangeSource } from '../../core/tracking/provenanceTracker';
import type { Settings } from '../config';

/** An expected AI edit that has not arrived by then never will: never pin it on a later keystroke. */
const EXPECTATION_TTL_MS = 3000;

/** URI schemes of VS Code's chat editing sessions (present while a session has pending edits). */
const CHAT_EDITING_SCHEMES = ['chat-editing-text-model', 'chat-editing-snapshot-text-model'];

export interface Classification {
  readonly source: ChangeSource;
  /** The document was reloaded from disk: text changed by another program. */
  readonly reload?: boolean;
  /**
   * The document is clean after the change, as after a reload; but a first edit to a clean
   * document can look the same, so this is confirmed against the file on disk later.
   */
  readonly possibleReload?: boolean;
  /** A large insertion worth a second look by the (opt-in) heuristic detector. */
  readonly candidate?: boolean;
  /** The proposed API named the edit as a person's (typing, paste, snippet...): final. */
  readonly certainHuman?: boolean;
}

interface Expectation {
  readonly origin: OriginMeta;
  readonly until: number;
}

/**
 * Decides who made each change, strongest signal first:
 * 1. our accept commands (bound to the accept keys) said an inline suggestion is being accepted;
 * 2. VS Code's reason: undo or redo;
 * 3. the proposed `detailedReason`, where this editor has it (feature-detected, can be switched off);
 * 4. an edit to a document nobody is typing in while a chat editing session is open;
 * 5. otherwise a person. Only explicit signals make text AI; the heuristic only flags candidates.
 * Reloads from disk (another program changed the file) are named by the detailed reason, or
 * suspected when the document is clean afterwards and confirmed against the file on disk.
 */
export class ChangeClassifier {
  private readonly expectations = new Map<string, Expectation>();

  constructor(private settings: Settings) {}

  updateSettings(settings: Settings): void {
    this.settings = settings;
  }

  expectAi(uri: vscode.Uri, origin: OriginMeta): void {
    this.expectations.set(uri.toString(), { origin, until: Date.now() + EXPECTATION_TTL_MS });
  }

  cancelExpectation(uri: vscode.Uri): void {
    this.expectations.delete(uri.toString());
  }

  classify(e: vscode.TextDocumentChangeEvent): Classification {
    const key = e.document.uri.toString();
    const inserts = e.contentChanges.some((c) => c.text.length > 0);
    const detailed = this.settings.useProposedApi ? (e as { detailedReason?: unknown }).detailedReason : undefined;
    const signal = detailed !== undefined ? classifyDetailedReason(detailed, this.settings.inlineCompletionTool) : undefined;

    const expected = this.expectations.get(key);
    if (expected) {
      this.expectations.delete(key);
      if (Date.now() <= expected.until && inserts) {
        // The accept command knows it is a suggestion; the detailed reason, when present, knows whose.
        const tool = signal?.kind === 'ai' ? signal.tool : expected.origin.tool;
        return { source: { kind: 'ai', origin: { ...expected.origin, tool, time: Date.now() } } };
      }
    }

    const reason = (e as { reason?: number }).reason;
    if (reason === 1) return { source: { kind: 'undo' } };
    if (reason === 2) return { source: { kind: 'redo' } };

    if (signal) {
      switch (signal.kind) {
        case 'ai':
          return {
            source: {
              kind: 'ai',
              origin: makeOrigin({ tool: signal.tool, mode: signal.mode, model: signal.model, sessionId: signal.sessionId, source: signal.source }),
            },
          };
        case 'human':
          return { source: { kind: 'human' }, certainHuman: true };
        case 'undo':
          return { source: { kind: 'undo' } };
        case 'reload':
          return { source: { kind: 'human' }, reload: true };
        case 'unknown':
          break;
      }
    }

    const possibleReload = !e.document.isDirty;
    // Cheapest test first: typing always lands in the active editor, so it never scans documents.
    if (inserts && vscode.window.activeTextEditor?.document !== e.document && this.chatSessionOpen()) {
      return { source: { kind: 'ai', origin: makeOrigin({ tool: 'chat', mode: 'agentic', source: 'chat-session' }) }, possibleReload };
    }

    return { source: { kind: 'human' }, possibleReload, candidate: this.settings.heuristicDetection && isLargeInsertion(e) };
  }

  private chatSessionOpen(): boolean {
    return vscode.workspace.textDocuments.some((d) => CHAT_EDITING_SCHEMES.includes(d.uri.scheme));
  }
}

/**
 * The shape others use for "probably generated": one insertion of several long lines, or of
 * more than 50 characters, that is not only whitespace. Paste is ruled out later (clipboard).
 */
export function isLargeInsertion(e: vscode.TextDocumentChangeEvent): boolean {
  if (e.contentChanges.length !== 1) return false;
  const text = e.contentChanges[0]!.text;
  if (!/\S/.test(text)) return false;
  const lines = text.split(/\r?\n/);
  const multiLine = lines.length >= 2 && text.replace(/\s+/g, '').length >= 20 * lines.length * 0.5 && text.length / lines.length >= 20;
  return multiLine || text.length > 50;
}
