import type { CliCommand } from './io';
import { markCommand } from './commands/mark';
import { agentsCommands } from './commands/agents';
import { policyCommands } from './commands/policy';
import { gateCommand } from './commands/gate';
import { reportCommand } from './commands/report';
import { hookCommands } from './commands/hook';
import { trailersCommand } from './commands/trailers';

/** Every CLI command. Longer word sequences are matched first. */
export const commands: readonly CliCommand[] = [markCommand, ...policyCommands, gateCommand, reportCommand, ...agentsCommands, ...hookCommands, trailersCommand];
