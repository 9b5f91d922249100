import type { Tier } from '../core/policy';
import { TIERS, maxTier } from '../core/policy';
import type { AiOrigin } from '../core/trailers/contract';
import { runGit } from '../git/exec';
import { readClaims } from './claims';
import { loadPolicyAt } from './gate';
import { readLog } from './logReader';
import type { PolicyInfo } from './model';
import { GateError } from './range';

export type Bucket = 'week' | 'month';

export interface HistoryOptions {
  readonly cwd: string;
  /** Default HEAD. */
  readonly rev?: string;
  /** Anything `git log --since` takes: `2025-01-01`, `3 months ago`. */
  readonly since?: string;
  readonly policyFile?: string;
  /** Default: weeks for up to 26 weeks of history, months beyond. */
  readonly bucket?: Bucket | 'auto';
  /** Paths are grouped by their first `depth` folders (default 1). */
  readonly depth?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly gitPath?: string;
  /** Fixed clock for tests. */
  readonly now?: Date;
}

export interface Share {
  readonly addedLines: number;
  /** Claimed AI lines (AI-Lines trailers), spread over a commit's files by their added lines. */
  readonly aiLines: number;
  /** Lines of commits without provenance. */
  readonly unknownLines: number;
  readonly aiShare: number;
}

export interface PeriodRow extends Share {
  /** First day of the period, `YYYY-MM-DD` (UTC; weeks start on Monday). */
  readonly start: string;
  readonly commits: number;
}

export interface HistoryReport {
  readonly format: 'ai-provenance-history';
  readonly version: 1;
  readonly generated: string;
  readonly rev: string;
  readonly revRef: string;
  readonly since: string | null;
  readonly bucket: Bucket;
  readonly policy: PolicyInfo;
  readonly totals: Share & { readonly commits: number; readonly mergesSkipped: number; readonly origins: Readonly<Record<AiOrigin, number>> };
  readonly periods: readonly PeriodRow[];
  readonly tiers: readonly (Share & { readonly tier: Tier; readonly files: number })[];
  readonly paths: readonly (Share & { readonly path: string; readonly tier: Tier; readonly files: number })[];
}

interface Acc {
  added: number;
  ai: number;
  unknown: number;
}

const acc = (): Acc => ({ added: 0, ai: 0, unknown: 0 });
const share = (a: Acc): Share => ({ addedLines: a.added, aiLines: Math.round(a.ai), unknownLines: a.unknown, aiShare: a.added === 0 ? 0 : Math.min(1, a.ai / a.added) });

/** `ai-provenance report`: AI share over time, per tier and per folder, from the trailers in history. */
export async function buildHistory(options: HistoryOptions): Promise<HistoryReport> {
  const git = { ...(options.env ? { env: options.env } : {}), ...(options.gitPath ? { gitPath: options.gitPath } : {}) };
  const revRef = options.rev ?? 'HEAD';
  if (revRef.startsWith('-')) throw new GateError(`--rev: '${revRef}' is not a revision`);
  if (options.since !== undefined && (options.since.startsWith('-') || options.since.trim() === '')) throw new GateError(`--since: '${options.since}' is not a date`, 'e.g. --since 2025-01-01 or --since "3 months ago"');
  const top = await runGit(['rev-parse', '--show-toplevel'], { ...git, cwd: options.cwd });
  if (top.code !== 0) throw new GateError(`not inside a git work tree (${options.cwd})`, 'run the report from a checkout, or pass --repo DIR');
  const root = top.stdout.trim();
  const r = await runGit(['rev-parse', '--verify', '--quiet', `${revRef}^{commit}`], { ...git, cwd: root });
  if (r.code !== 0) throw new GateError(`--rev '${revRef}' is not a commit in this repository`);
  const rev = r.stdout.trim();
  const policy = await loadPolicyAt(root, rev, options.policyFile, git);
  const depth = options.depth ?? 1;

  interface Row {
    date: Date;
    added: number;
    ai: number;
    unknown: number;
  }
  const rows: Row[] = [];
  const tiers = new Map<Tier, Acc & { files: Set<string> }>();
  const paths = new Map<string, Acc & { tier: Tier; files: Set<string> }>();
  const origins: Record<AiOrigin, number> = { 'ai-generated': 0, 'ai-edited': 0, 'human-only': 0, unknown: 0 };
  let merges = 0;
  await readLog(
    { cwd: root, ...git, revisions: [rev], extraArgs: options.since !== undefined ? [`--since=${options.since}`] : [], context: 0 },
    (commit) => {
      if (commit.parents.length > 1) {
        merges++;
        return;
      }
      const claims = readClaims(commit);
      const origin = claims.provenance.origin;
      origins[origin]++;
      const added = commit.files.reduce((n, f) => n + f.added, 0);
      const isAi = origin === 'ai-generated' || origin === 'ai-edited';
      const aiTotal = isAi ? Math.min(claims.provenance.aiLines ?? 0, added) : 0;
      rows.push({ date: new Date(commit.committerDate), added, ai: aiTotal, unknown: origin === 'unknown' ? added : 0 });
      for (const f of commit.files) {
        if (f.added === 0) continue;
        const noted = claims.note?.files.get(f.path);
        const ai = !isAi ? 0 : noted ? Math.min(f.added, noted.reduce((n, [a, b]) => n + b - a + 1, 0)) : (aiTotal * f.added) / added;
        const unknown = origin === 'unknown' ? f.added : 0;
        const c = policy.compiled.classify(f.path);
        const t = tiers.get(c.tier) ?? { ...acc(), files: new Set<string>() };
        t.added += f.added;
        t.ai += ai;
        t.unknown += unknown;
        t.files.add(f.path);
        tiers.set(c.tier, t);
        const parts = f.path.split('/');
        const group = parts.length > depth ? `${parts.slice(0, depth).join('/')}/` : '(root files)';
        const g = paths.get(group) ?? { ...acc(), tier: 'low' as Tier, files: new Set<string>() };
        g.added += f.added;
        g.ai += ai;
        g.unknown += unknown;
        g.tier = maxTier(g.tier, c.tier);
        g.files.add(f.path);
        paths.set(group, g);
      }
    },
  );

  rows.sort((a, b) => a.date.getTime() - b.date.getTime());
  const first = rows[0]?.date;
  const last = rows[rows.length - 1]?.date;
  const bucket: Bucket =
    options.bucket && options.bucket !== 'auto' ? options.bucket : first && last && last.getTime() - first.getTime() > 26 * 7 * 86_400_000 ? 'month' : 'week';
  const periods = new Map<string, Acc & { commits: number }>();
  if (first && last) for (const key of periodKeys(first, last, bucket)) periods.set(key, { ...acc(), commits: 0 });
  const total = acc();
  for (const row of rows) {
    const p = periods.get(periodStart(row.date, bucket))!;
    p.added += row.added;
    p.ai += row.ai;
    p.unknown += row.unknown;
    p.commits++;
    total.added += row.added;
    total.ai += row.ai;
    total.unknown += row.unknown;
  }
  return {
    format: 'ai-provenance-history',
    version: 1,
    generated: (options.now ?? new Date()).toISOString(),
    rev,
    revRef,
    since: options.since ?? null,
    bucket,
    policy: policy.info,
    totals: { ...share(total), commits: rows.length, mergesSkipped: merges, origins },
    periods: [...periods.entries()].map(([start, a]) => ({ start, commits: a.commits, ...share(a) })),
    tiers: [...TIERS]
      .reverse()
      .flatMap((t) => {
        const a = tiers.get(t);
        return a ? [{ tier: t, files: a.files.size, ...share(a) }] : [];
      }),
    paths: [...paths.entries()]
      .map(([path, a]) => ({ path, tier: a.tier, files: a.files.size, ...share(a) }))
      .sort((a, b) => b.addedLines - a.addedLines || a.path.localeCompare(b.path)),
  };
}

/** `YYYY-MM-DD` of the UTC Monday (or first of the month) starting the period that holds `d`. */
export function periodStart(d: Date, bucket: Bucket): string {
  if (bucket === 'month') return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`;
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday).toISOString().slice(0, 10);
}

function periodKeys(first: Date, last: Date, bucket: Bucket): string[] {
  const keys: string[] = [];
  let cur = new Date(`${periodStart(first, bucket)}T00:00:00Z`);
  const end = periodStart(last, bucket);
  // Bounded: a repository older than a few centuries of weeks is not a real case.
  for (let i = 0; i < 20_000; i++) {
    const key = periodStart(cur, bucket);
    keys.push(key);
    if (key >= end) break;
    cur = bucket === 'month' ? new Date(Date.UTC(cur.getUTCFullYear(), cur.getUTCMonth() + 1, 1)) : new Date(cur.getTime() + 7 * 86_400_000);
  }
  return keys;
}
