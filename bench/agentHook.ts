/**
 * Agent hook latency: how long an agent's edit waits for our hook. Spawns the hook command exactly
 * as `agents connect` wrote it into `.claude/settings.json` (sh -> git rev-parse -> launcher ->
 * runtime + CLI copy -> ledger write), with a real Claude Code PostToolUse payload after a real
 * edit of a 2,000-line file, and compares with spawning `node -e 0` in the same run.
 * Target: the hook adds under 150 ms (median) to the agent's edit.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/main';
import { fmt, percentile, verdict } from './stats';

const RUNS = 30;
const TARGET_MS = 150;
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

function spawnTimed(file: string, args: string[], input: string, cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { cwd, env }, (err) => (err ? reject(err instanceof Error ? err : new Error('spawn failed')) : resolve(Number(process.hrtime.bigint() - start) / 1e6)));
    child.stdin?.end(input);
  });
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export async function run(): Promise<{ ok: boolean; hookMs: number; baselineMs: number }> {
  console.log('\n== agent hook: time an agent edit waits for `mark --from-hook` ==');
  if (!existsSync(CLI)) {
    console.log(`  ${CLI} missing: run npm run build`);
    return { ok: false, hookMs: NaN, baselineMs: NaN };
  }
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'aip-bench-hook-')));
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'aip-bench-home-')));
  try {
    execFileSync('git', ['init', '-q'], { cwd: root });
    const lines = Array.from({ length: 2000 }, (_, i) => `export const value${i} = ${i}; // line ${i}`);
    writeFileSync(join(root, 'big.ts'), `${lines.join('\n')}\n`);
    const env = { PATH: process.env.PATH, HOME: home, AIP_HOOK_CLI: CLI };
    const quiet = { cwd: root, env, write: () => undefined, error: (t: string) => void process.stderr.write(t), readStdin: () => Promise.resolve('') };
    if ((await runCli(['agents', 'connect', 'claude-code'], quiet)) !== 0) throw new Error('agents connect failed');
    const settings = JSON.parse(readFileSync(join(root, '.claude', 'settings.json'), 'utf8')) as { hooks: { PostToolUse: { hooks: { command: string }[] }[] } };
    const command = settings.hooks.PostToolUse[0]!.hooks[0]!.command;
    const agentEnv = { PATH: process.env.PATH, HOME: home };

    const hookTimes: number[] = [];
    const baseTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const before = readFileSync(join(root, 'big.ts'), 'utf8');
      const oldString = `export const value${i * 50} = ${i * 50};`;
      const newString = `export const value${i * 50} = compute(${i * 50});`;
      const after = before.replace(oldString, newString);
      writeFileSync(join(root, 'big.ts'), after);
      const payload = JSON.stringify({
        session_id: 'bench',
        transcript_path: join(home, 'none.jsonl'),
        cwd: root,
        permission_mode: 'default',
        hook_event_name: 'PostToolUse',
        tool_name: 'Edit',
        tool_input: { file_path: join(root, 'big.ts'), old_string: oldString, new_string: newString },
        tool_response: { filePath: join(root, 'big.ts'), oldString, newString, originalFile: before, userModified: false, replaceAll: false },
        tool_use_id: `toolu_${i}`,
      });
      // Alternate so that machine noise hits both alike.
      baseTimes.push(await spawnTimed(process.execPath, ['-e', '0'], '', root, agentEnv));
      hookTimes.push(await spawnTimed('/bin/sh', ['-c', command], payload, root, agentEnv));
    }
    const log = readFileSync(join(root, '.git', 'ai-provenance', 'hook.log'), 'utf8');
    const recorded = (log.match(/marked \d+ characters/g) ?? []).length;
    const hookMs = median(hookTimes);
    const baselineMs = median(baseTimes);
    const ok = hookMs < TARGET_MS && recorded === RUNS;
    console.log(`  ${RUNS} edits of a 2,000-line file, each recorded: ${recorded}/${RUNS}`);
    console.log(`  node -e 0 (baseline spawn)    median ${fmt(baselineMs, 1)} ms   p90 ${fmt(percentile([...baseTimes].sort((a, b) => a - b), 90), 1)} ms`);
    console.log(`  hook command (sh+git+node+ledger) median ${fmt(hookMs, 1)} ms   p90 ${fmt(percentile([...hookTimes].sort((a, b) => a - b), 90), 1)} ms   (${fmt(hookMs - baselineMs, 1)} ms over a bare node start)`);
    console.log(`  target: the hook adds < ${TARGET_MS} ms to the agent's edit  ${verdict(ok)}`);
    return { ok, hookMs, baselineMs };
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void run().then((r) => {
    process.exitCode = r.ok ? 0 : 1;
  });
}
