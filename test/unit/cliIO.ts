import type { CliIO } from '../../src/cli/io';

/** A CliIO that records what a command printed, for calling commands in-process. */
export function captureIO(cwd: string, env: NodeJS.ProcessEnv = {}, stdin = ''): CliIO & { out: string; err: string } {
  const o = {
    cwd,
    env,
    out: '',
    err: '',
    write(t: string) {
      o.out += t;
    },
    error(t: string) {
      o.err += t;
    },
    readStdin: () => Promise.resolve(stdin),
  };
  return o;
}
