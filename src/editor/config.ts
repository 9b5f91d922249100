import * as vscode from 'vscode';

export const SECTION = 'aiProvenance';

/** Typed view of the `aiProvenance.*` settings; every key is declared in package.json. */
export interface Settings {
  readonly trackingEnabled: boolean;
  readonly decorationsEnabled: boolean;
  readonly statusBarEnabled: boolean;
  readonly hoverEnabled: boolean;
  /** Files larger than this (in characters) are not tracked. */
  readonly maxFileSize: number;
  /** Tool name recorded for inline completions when the provider cannot be told. */
  readonly inlineCompletionTool: string;
  /** Use VS Code's detailed edit reasons where this editor exposes them (a proposed API). */
  readonly useProposedApi: boolean;
  /** Flag large unexplained insertions as low-confidence AI. */
  readonly heuristicDetection: boolean;
  /** Count text changed on disk by unclaimed programs as AI. */
  readonly externalEditsAreAI: boolean;
  readonly codeLensEnabled: boolean;
  /** Say once per file when an agent writes into a critical path. */
  readonly criticalNotifications: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    trackingEnabled: c.get<boolean>('tracking.enabled', true),
    decorationsEnabled: c.get<boolean>('decorations.enabled', true),
    statusBarEnabled: c.get<boolean>('statusBar.enabled', true),
    hoverEnabled: c.get<boolean>('hover.enabled', true),
    maxFileSize: c.get<number>('tracking.maxFileSizeMB', 10) * 1024 * 1024,
    inlineCompletionTool: c.get<string>('inlineCompletion.defaultTool', '') || 'inline-completion',
    useProposedApi: c.get<boolean>('detection.useProposedApi', true),
    heuristicDetection: c.get<boolean>('detection.heuristic', false),
    externalEditsAreAI: c.get<boolean>('externalEditsAreAI', false),
    codeLensEnabled: c.get<boolean>('codeLens.enabled', true),
    criticalNotifications: c.get<boolean>('notifications.criticalPaths', true),
  };
}

/** True when `e` touches `key`, or when there is no event (initialisation): one path for both. */
export function affects(e: vscode.ConfigurationChangeEvent | undefined, key?: string): boolean {
  return !e || e.affectsConfiguration(key ? `${SECTION}.${key}` : SECTION);
}
