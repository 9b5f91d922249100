import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './io';

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** util.parseArgs with our usage errors instead of its TypeErrors. */
export function parse<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(err));
  }
}

/** `3-7,10,12-12` -> [[3,7],[10,10],[12,12]] (1-based, inclusive). */
export function parseLineRanges(spec: string): [number, number][] {
  const out: [number, number][] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new UsageError(`--lines: '${part}' is not a line or a range like 3-7`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b < a) throw new UsageError(`--lines: '${part}' must be 1-based with start <= end`);
    out.push([a, b]);
  }
  if (out.length === 0) throw new UsageError('--lines: no line ranges given');
  return out;
}

/** `--repo DIR` (default: the current directory), which must be a directory. */
export async function repoDirOption(cwd: string, repo: string | undefined): Promise<string> {
  const dir = resolve(cwd, repo ?? '.');
  if (repo !== undefined && !(await stat(dir).catch(() => undefined))?.isDirectory()) throw new UsageError(`--repo: '${repo}' is not a directory`);
  return dir;
}

/** `--policy FILE`, which must be a file; undefined when not given. */
export async function policyFileOption(cwd: string, policy: string | undefined): Promise<string | undefined> {
  if (policy === undefined) return undefined;
  const file = resolve(cwd, policy);
  if (!(await stat(file).catch(() => undefined))?.isFile()) throw new UsageError(`--policy: '${policy}' is not a file`);
  return file;
}
