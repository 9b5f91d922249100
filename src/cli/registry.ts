import type { CliCommand } from './io';
import { markCommand } from './commands/mark';

/** Every CLI command. Longer word sequences are matched first. */
export const commands: readonly CliCommand[] = [markCommand];
