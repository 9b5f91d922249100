/** The logging surface the core needs; VS Code's LogOutputChannel satisfies it as it is. */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A logger for the CLI: warnings and errors on stderr; more with AIP_LOG=info|debug|trace. */
export function stderrLogger(level: string | undefined, write: (text: string) => void): Logger {
  const order = ['trace', 'debug', 'info', 'warn', 'error'];
  const min = Math.max(0, order.indexOf(level ?? 'warn'));
  const at =
    (name: string) =>
    (message: string | Error, ...args: unknown[]): void => {
      if (order.indexOf(name) < min) return;
      const text = message instanceof Error ? message.message : message;
      write(`ai-provenance: ${name}: ${text}${args.length ? ` ${args.map(String).join(' ')}` : ''}\n`);
    };
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
