import { fromHookAgent, runHookCommand } from '../agents/hookEntry';
import { processIO } from './io';

/**
 * Entry of dist/hook.js: only `mark --from-hook <agent>`, so an agent's every edit does not pay
 * for loading the whole CLI. Anything else exits 0 silently: a hook must never fail the agent.
 */
const agent = fromHookAgent(process.argv.slice(2));
if (agent === undefined) {
  process.exitCode = 0;
} else {
  runHookCommand(agent, processIO()).then(
    () => {
      process.exitCode = 0;
    },
    () => {
      process.exitCode = 0;
    },
  );
}
