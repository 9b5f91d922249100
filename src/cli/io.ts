/** What a CLI command may touch, passed in so commands run the same in tests and in a shell. */
export interface CliIO {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  write(text: string): void;
  error(text: string): void;
  /** Reads all of standard input (empty when stdin is a TTY or closed). */
  readStdin(): Promise<string>;
}

export interface CliCommand {
  /** Words that select this command, e.g. ['policy', 'check']. */
  readonly words: readonly string[];
  readonly summary: string;
  readonly usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Exit codes shared by every command: 0 success, 1 a finding or failure, 2 usage or internal error. */
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    write: (t) => void process.stdout.write(t),
    error: (t) => void process.stderr.write(t),
    readStdin: () =>
      new Promise<string>((resolve) => {
        if (process.stdin.isTTY) return resolve('');
        const chunks: Buffer[] = [];
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
      }),
  };
}
