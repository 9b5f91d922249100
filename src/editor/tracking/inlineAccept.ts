import * as vscode from 'vscode';
import { makeOrigin } from '../../core/origin';
import type { TrackingService } from './trackingService';

/** Our accept commands, bound to the accept keys while a suggestion is visible, and what they run. */
export const ACCEPT_COMMANDS = {
  'aiProvenance.inlineSuggest.commit': 'editor.action.inlineSuggest.commit',
  'aiProvenance.inlineSuggest.acceptNextWord': 'editor.action.inlineSuggest.acceptNextWord',
  'aiProvenance.inlineSuggest.acceptNextLine': 'editor.action.inlineSuggest.acceptNextLine',
} as const;

/** Inline-completion extensions we can name when one of them is the only one active. */
const KNOWN_PROVIDERS: readonly [extensionId: string, tool: string][] = [
  ['github.copilot', 'copilot'],
  ['github.copilot-chat', 'copilot'],
  ['codeium.codeium', 'codeium'],
  ['codeium.windsurfpyright', 'windsurf'],
  ['tabnine.tabnine-vscode', 'tabnine'],
  ['continue.continue', 'continue'],
  ['supermaven.supermaven', 'supermaven'],
  ['sourcegraph.cody-ai', 'cody'],
  ['amazonwebservices.amazon-q-vscode', 'amazon-q'],
  ['google.geminicodeassist', 'gemini'],
  ['blackboxapp.blackbox', 'blackbox'],
];

/**
 * The tool behind the suggestion being accepted. The stable API does not say which provider
 * produced it, so: the editor itself when it is an AI editor (Cursor, Windsurf), else the one
 * known completion extension that is active, else the configured default.
 */
export function inlineCompletionTool(fallback: string): string {
  const app = vscode.env.appName.toLowerCase();
  if (app.includes('cursor')) return 'cursor';
  if (app.includes('windsurf')) return 'windsurf';
  const active = new Set<string>();
  for (const [id, tool] of KNOWN_PROVIDERS) {
    const ext = vscode.extensions.all.find((e) => e.id.toLowerCase() === id);
    if (ext?.isActive) active.add(tool);
  }
  return active.size === 1 ? [...active][0]! : fallback;
}

/**
 * Records the acceptance, then runs VS Code's own accept command. The edit it makes reaches the
 * extension host before the command's reply does (both travel the same ordered channel), so
 * the expectation is cleared as soon as the command returns: a suggestion that turned out
 * empty never makes the user's next keystroke AI.
 */
export function registerInlineAccept(tracking: TrackingService, defaultTool: () => string): vscode.Disposable[] {
  return Object.entries(ACCEPT_COMMANDS).map(([ours, real]) =>
    vscode.commands.registerCommand(ours, async (...args: unknown[]) => {
      const editor = vscode.window.activeTextEditor;
      if (editor) {
        tracking.expectAi(
          editor.document.uri,
          makeOrigin({
            tool: inlineCompletionTool(defaultTool()),
            mode: 'suggestive',
            confidence: 'high',
            source: real === 'editor.action.inlineSuggest.commit' ? 'inline-accept' : 'inline-partial-accept',
          }),
        );
      }
      try {
        await vscode.commands.executeCommand(real, ...args);
      } finally {
        if (editor) tracking.cancelExpectation(editor.document.uri);
      }
    }),
  );
}
