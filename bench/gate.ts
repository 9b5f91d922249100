/**
 * `npm run bench gate`: the CI gate over a 10,000-commit range. The history is generated in one
 * `git fast-import` process; the baseline is the same single `git log -p` pass with its output
 * drained and thrown away, so the difference is what parsing and judging cost.
 * Target: at least 2,000 commits per second.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGate } from '../src/gate/gate';
import { logArgs, logEnv } from '../src/gate/logReader';
import { fmt, percentile, rng, verdict } from './stats';

const COMMITS = 10_000;
const TARGET = 2_000;
const RUNS = 3;

/** A fast-import stream: a base commit, then COMMITS commits touching 1-3 files each. */
function history(): { stream: string; files: number } {
  const random = rng(42);
  const files = new Map<string, string[]>();
  const paths: string[] = [];
  for (let i = 0; i < 300; i++) paths.push(`src/mod${i % 30}/file${i}.ts`);
  for (let i = 0; i < 20; i++) paths.push(`infra/env${i}/main.tf`);
  for (let i = 0; i < 20; i++) paths.push(`db/migrations/${String(i).padStart(4, '0')}_step.sql`);
  for (let i = 0; i < 10; i++) paths.push(`deploy/k8s/app${i}.yaml`);
  const out: string[] = [];
  let mark = 0;
  const time = 1_767_225_600; // 2026-01-01
  const commit = (message: string, changes: [string, string][], n: number) => {
    const m = ++mark;
    out.push(`commit refs/heads/main\nmark :${m}\nauthor Dev <dev@example.com> ${time + n * 60} +0000\ncommitter Dev <dev@example.com> ${time + n * 60} +0000\n`);
    const msg = Buffer.from(message, 'utf8');
    out.push(`data ${msg.length}\n${message}\n`);
    if (m > 1) out.push(`from :${m - 1}\n`);
    for (const [path, content] of changes) out.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    out.push('\n');
  };
  commit('base\n', paths.slice(0, 40).map((p) => [p, `// ${p}\n`] as [string, string]), 0);
  for (let i = 1; i <= COMMITS; i++) {
    const touched = new Set<string>();
    const count = 1 + Math.floor(random() * 3);
    while (touched.size < count) {
      const r = random();
      // Mostly application code, sometimes infrastructure, migrations or deploy files.
      const pool = r < 0.85 ? paths.slice(0, 300) : paths.slice(300);
      touched.add(pool[Math.floor(random() * pool.length)]!);
    }
    let added = 0;
    const changes: [string, string][] = [];
    for (const p of touched) {
      const lines = files.get(p) ?? [`// ${p}`];
      const n = 2 + Math.floor(random() * 6);
      for (let k = 0; k < n; k++) {
        const danger = random() < 0.002;
        lines.push(danger ? `const q = "DELETE FROM sessions"; // ${i}` : `export const v${i}_${k} = ${Math.floor(random() * 1e6)};`);
      }
      // Keep files bounded so diffs stay small, as in real histories.
      if (lines.length > 80) lines.splice(1, lines.length - 50);
      added += n;
      files.set(p, lines);
      changes.push([p, `${lines.join('\n')}\n`]);
    }
    const kind = random();
    let message = `change ${i}\n\nWhy this change was made.\n`;
    if (kind < 0.6) {
      const ai = Math.floor(added * random());
      message += `\nAI-Origin: ai-generated\nAI-Lines: ${ai}/${added}\nAI-Tools: claude-code:agentic\nBlast-Radius: low\nAssisted-by: Claude:claude-opus-4 [claude-code]\nReviewed-by: Rev <rev@example.com>\n`;
    } else if (kind < 0.9) {
      message += `\nAI-Origin: human-only\nAI-Lines: 0/${added}\n`;
    }
    commit(message, changes, i);
  }
  return { stream: out.join(''), files: files.size };
}

function git(cwd: string, args: string[], input?: string): void {
  const r = spawnSync('git', args, { cwd, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr}`);
}

/** The same `git log` pass the gate makes, output drained without parsing. */
function baseline(cwd: string, range: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let bytes = 0;
    const child = spawn('git', logArgs('AIPbench', { revisions: [range] }), { cwd, env: logEnv(process.env), stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', (c: Buffer) => (bytes += c.length));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, bytes }) : reject(new Error(`git log exited ${code}`))));
  });
}

export async function run(): Promise<{ ok: boolean; commitsPerSecond: number }> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'aip-bench-gate-')));
  try {
    const t0 = performance.now();
    const { stream, files } = history();
    git(dir, ['init', '-q', '-b', 'main']);
    // No deltas (--depth=0): building the bench history stays a few seconds; blobs are still compressed.
    git(dir, ['-c', 'core.compression=1', 'fast-import', '--quiet', '--depth=0'], stream);
    const buildMs = performance.now() - t0;
    const base = spawnSync('git', ['rev-list', '--max-parents=0', 'main'], { cwd: dir, encoding: 'utf8' }).stdout.trim();

    const logMs: number[] = [];
    let bytes = 0;
    const gateMs: number[] = [];
    let report;
    for (let i = 0; i < RUNS; i++) {
      const b = await baseline(dir, `${base}..main`);
      logMs.push(b.ms);
      bytes = b.bytes;
      const g0 = performance.now();
      report = await runGate({ cwd: dir, base, head: 'main' });
      gateMs.push(performance.now() - g0);
    }
    if (!report || report.range.commits !== COMMITS) throw new Error(`gate saw ${report?.range.commits} commits, expected ${COMMITS}`);
    const log = percentile([...logMs].sort((a, b) => a - b), 50);
    const gate = percentile([...gateMs].sort((a, b) => a - b), 50);
    const perSecond = COMMITS / (gate / 1000);
    console.log(`\n== CI gate: ${COMMITS.toLocaleString()} commits over ${files} files (history built with git fast-import in ${fmt(buildMs / 1000)} s), median of ${RUNS} runs`);
    console.log(`  one git log -p pass alone  ${fmt(log)} ms   (${fmt(bytes / 1024 / 1024, 1)} MiB of output, ${fmt(COMMITS / (log / 1000), 0)} commits/s)`);
    console.log(`  ai-provenance gate         ${fmt(gate)} ms   ${fmt(perSecond, 0)} commits/s   (gate / git log ${fmt(gate / log, 2)}x)`);
    console.log(`  result: ${report.verdict}, ${report.findings.length} findings, AI share ${fmt(report.summary.aiShare * 100, 1)}%, blast radius ${report.summary.tier}`);
    console.log(`  target >= ${TARGET.toLocaleString()} commits/s: ${verdict(perSecond >= TARGET)}`);
    return { ok: perSecond >= TARGET, commitsPerSecond: perSecond };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
