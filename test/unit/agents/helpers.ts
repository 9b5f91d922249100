import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorRanges } from '../../../src/core/ledger/anchor';
import type { LedgerRange } from '../../../src/core/ledger/format';
import { silentLogger } from '../../../src/core/log';
import { gitBlobId } from '../../../src/core/text/hash';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { LedgerStore } from '../../../src/state/ledgerStore';
import { CLI } from '../gitRepo';
import type { TempRepo } from '../gitRepo';

/** test/unit/agents/fixtures in the source tree (tests run from the compiled copy). */
export const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'unit', 'agents', 'fixtures');

/** The person-written file every sample scenario starts from (see fixtures/README.md). */
export const CART = 'export function total(items: Item[]): number {\n  // prices are in cents; written by a person\n  let sum = 0;\n  for (const i of items) sum += i.price;\n  return sum;\n}\n';

/** A fixture with its placeholder root replaced by the test repository's. */
export function fixture(name: string, root: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8').split('/home/dev/project').join(root);
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a command the way an agent runs a hook: payload on stdin, in the project directory. */
export function runWithStdin(file: string, args: readonly string[], input: string | Buffer, cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = execFile(file, [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (err && typeof (err as NodeJS.ErrnoException).code !== 'number' && (err as NodeJS.ErrnoException).code !== undefined) return reject(err instanceof Error ? err : new Error('spawn failed'));
      resolve({ code: err ? ((err as unknown as { code: number }).code ?? 1) : 0, stdout, stderr, ms });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** `node dist/cli.js mark --from-hook <agent>` with the payload on stdin. */
export function hook(agent: string, payload: string | Buffer, cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return runWithStdin(process.execPath, [CLI, 'mark', '--from-hook', agent], payload, cwd, env);
}

export interface AiSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly range: LedgerRange;
}

/** The AI spans recorded for a file, placed in its current text, in order. */
export async function aiSpans(repo: TempRepo, rel: string): Promise<AiSpan[]> {
  const store = new LedgerStore(join(repo.root, '.git', 'ai-provenance', 'ledger', 'main'), silentLogger, 'test');
  const read = await store.read(rel);
  if (read.status !== 'ok') return [];
  const text = readFileSync(repo.path(rel), 'utf8');
  const index = new LineIndex(text);
  return anchorRanges(read.ledger.ranges, index, read.ledger.contentHash === gitBlobId(text))
    .parts.map((p) => ({ text: text.slice(p.start, p.end), start: p.start, end: p.end, range: p.range }))
    .sort((a, b) => a.start - b.start);
}

export function tempHome(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'aip-home-')));
}
