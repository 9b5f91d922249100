import type { CliIO } from '../cli/io';
import { EXIT_OK } from '../cli/io';
import { runAgentHook } from './hookRunner';

/**
 * `mark --from-hook <agent>`: what an agent's hook runs, from the full CLI or from the slim hook
 * bundle (dist/hook.js, which loads in a third of the time). Lenient on purpose: whatever the
 * agent passes, it exits 0 and prints nothing, so it can never fail the agent.
 */
export async function runHookCommand(agent: string, io: CliIO): Promise<number> {
  await runAgentHook(agent, await io.readStdin().catch(() => ''), { cwd: io.cwd, env: io.env });
  // Gemini CLI parses a hook's stdout as JSON and shows anything else as a message: an empty
  // object says "no decision". Every other agent gets no output at all.
  if (agent.trim().toLowerCase() === 'gemini') io.write('{}\n');
  return EXIT_OK;
}

/** The agent of `--from-hook <agent>` / `--from-hook=<agent>`, or undefined when not run as a hook. */
export function fromHookAgent(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--from-hook') return args[i + 1] ?? '';
    if (a.startsWith('--from-hook=')) return a.slice('--from-hook='.length);
  }
  return undefined;
}
