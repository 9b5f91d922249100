import { commands } from './registry';
import type { CliCommand, CliIO } from './io';
import { EXIT_USAGE, UsageError, processIO } from './io';
import { VERSION } from '../core/version';

function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  const sorted = [...commands].sort((a, b) => b.words.length - a.words.length);
  for (const command of sorted) {
    if (command.words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(command.words.length) };
  }
  return undefined;
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.words.join(' ').length));
  const lines = commands.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`);
  return `ai-provenance ${VERSION}: AI-origin tracking for git repositories\n\nUsage: ai-provenance <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'ai-provenance <command> --help' for a command's options.\n`;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.write(helpText());
    return argv.length === 0 ? EXIT_USAGE : 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.write(`${VERSION}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.error(`ai-provenance: unknown command '${argv.join(' ')}'\n\n${helpText()}`);
    return EXIT_USAGE;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.write(`${found.command.usage}\n`);
    return 0;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.error(`ai-provenance ${found.command.words.join(' ')}: ${err.message}\n${found.command.usage}\n`);
      return EXIT_USAGE;
    }
    io.error(`ai-provenance ${found.command.words.join(' ')}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`ai-provenance: ${String(err)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
