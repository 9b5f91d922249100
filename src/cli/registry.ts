import type { CliCommand } from './io';
import { markCommand } from './commands/mark';
import { policyCommands } from './commands/policy';

/** Every CLI command. Longer word sequences are matched first. */
export const commands: readonly CliCommand[] = [markCommand, ...policyCommands];
