/**
 * The commit hook's cost: median time of `git commit` in a 1,000-file repository with our hooks
 * (trailers prepared ahead, as the editor does when the index changes) and without any hooks,
 * measured alternately in the same run. Also, for information, a commit where nothing was
 * prepared (the hook runs the CLI). Needs dist/cli.js (`npm run bench` builds it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareTrailers } from '../src/git/hooks/prepare';
import { fmt, percentile, verdict } from './stats';

const FILES = 1_000;
const ROUNDS = Number(process.env.AIP_BENCH_COMMITS ?? 40);
const SLOW_ROUNDS = 8;
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const TARGET_RATIO = 1.2;
const TARGET_ADDED_MS = 10;

function env(): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(GIT_|AIP_)/.test(k)) out[k] = v;
  return { ...out, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.com' };
}

function git(root: string, args: string[], input?: string): string {
  const r = spawnSync('git', args, { cwd: root, env: env(), encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Milliseconds of one `git commit`, output read through pipes as an editor would. */
function timeCommit(root: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('git', [...args, 'commit', '-q', '-m', 'bench commit'], { cwd: root, env: env(), encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`git commit: ${r.stderr}`);
  return ms;
}

/** The post-commit note writer runs in the background; let it finish so it does not skew the next sample. */
async function idle(state: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (existsSync(join(state, 'flush.pid')) || existsSync(join(state, 'commits.queue')))) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 20));
}

export async function run(): Promise<{ ok: boolean; withHookMs: number; withoutMs: number; ratio: number; unpreparedMs: number }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'aip-bench-hook-')));
  try {
    git(root, ['init', '-q', '-b', 'main']);
    for (let i = 0; i < FILES; i++) {
      const dir = join(root, `pkg${i % 25}`, `mod${i % 7}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `file${i}.ts`), `export const value${i} = ${i};\n`.repeat(20));
    }
    git(root, ['add', '-A']);
    git(root, ['commit', '-q', '-m', 'initial']);
    const install = spawnSync(process.execPath, [CLI, 'hook', 'install', '--node', process.execPath, '--cli', CLI], { cwd: root, env: env(), encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`hook install: ${install.stderr}`);
    const state = join(root, '.git', 'ai-provenance');
    const noHooks = join(root, '.git', 'no-hooks');
    mkdirSync(noHooks, { recursive: true });

    const withHook: number[] = [];
    const without: number[] = [];
    let n = 0;
    const change = () => {
      const f = join(root, 'pkg3', 'mod3', `file${3 + 25 * 7 * (n % 4)}.ts`);
      writeFileSync(f, `export const changed${n} = ${n};\n`, { flag: 'a' });
      n++;
      git(root, ['add', '-A']);
    };
    // Warm the file cache and git's index once each way.
    change();
    timeCommit(root, ['-c', `core.hooksPath=${noHooks}`]);
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate which goes first so that drift in machine load hits both alike.
      const order = i % 2 === 0 ? ['hook', 'plain'] : ['plain', 'hook'];
      for (const which of order) {
        change();
        if (which === 'hook') {
          await prepareTrailers(root, { env: env() });
          withHook.push(timeCommit(root, []));
          await idle(state);
        } else {
          without.push(timeCommit(root, ['-c', `core.hooksPath=${noHooks}`]));
        }
      }
    }
    const unprepared: number[] = [];
    for (let i = 0; i < SLOW_ROUNDS; i++) {
      change();
      unprepared.push(timeCommit(root, []));
      await idle(state);
    }
    const last = git(root, ['log', '-1', '--format=%B']);
    if (!/^AI-Origin: /m.test(last)) throw new Error(`the hook did not add trailers: ${last}`);

    const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    const h = med(withHook);
    const p = med(without);
    const u = med(unprepared);
    const ratio = h / p;
    const added = h - p;
    console.log(`\n== Commit hook: ${ROUNDS} commits each way in a ${FILES.toLocaleString('en-US')}-file repository (git ${git(root, ['version']).trim().replace('git version ', '')})`);
    console.log(`  without hooks              median ${fmt(p)} ms   p90 ${fmt(percentile([...without].sort((a, b) => a - b), 90))} ms`);
    console.log(`  with hooks, prepared       median ${fmt(h)} ms   p90 ${fmt(percentile([...withHook].sort((a, b) => a - b), 90))} ms`);
    console.log(`  ratio ${fmt(ratio)}   added ${fmt(added)} ms`);
    console.log(`  with hooks, nothing prepared (runs the CLI; information only)   median ${fmt(u)} ms over ${SLOW_ROUNDS}`);
    console.log(`  target ratio < ${TARGET_RATIO}: ${verdict(ratio < TARGET_RATIO)}   target added < ${TARGET_ADDED_MS} ms: ${verdict(added < TARGET_ADDED_MS)}`);
    return { ok: ratio < TARGET_RATIO && added < TARGET_ADDED_MS, withHookMs: h, withoutMs: p, ratio, unpreparedMs: u };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    (r) => {
      process.exitCode = r.ok ? 0 : 1;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
