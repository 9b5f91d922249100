import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * This product's per-user directory: `$AIP_HOME`, else `~/.ai-provenance`. Holds the copy of the
 * CLI that agent hooks run, the recorded runtime, the user-level hook launcher and the log of hooks
 * that ran outside any repository. `HOME` is read from the given environment so that tests (and
 * agents that run hooks with another HOME) get their own.
 */
export function aipHome(env: NodeJS.ProcessEnv): string {
  if (env.AIP_HOME) return env.AIP_HOME;
  return join(env.HOME || env.USERPROFILE || homedir(), '.ai-provenance');
}

export function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || homedir();
}
