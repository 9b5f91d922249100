/**
 * Policy engine benchmark. Targets: classifying one path (cold: no cache) under 5 µs median with
 * the built-in rules plus 200 repository rules, and one edit's risk update (classify the file +
 * scan its AI-written changed lines) under 1 ms median.
 */
import type { CompiledPolicy, ScanLine } from '../src/core/policy';
import { assessRisk, compilePolicy, parsePolicy } from '../src/core/policy';
import { fmt, percentile, rng, sortedCopy, verdict } from './stats';

const PATHS = 100_000;
const REPO_RULES = 200;
const DOC_LINES = 2_000;
const EDITS = 20_000;
const TARGET_PATH_US = 5;
const TARGET_EDIT_US = 1_000;

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, n: number) => Math.floor(random() * n);

/** A monorepo-like tree: mostly application code, tests and docs, some infrastructure and config. */
function syntheticTree(random: Random, count: number): string[] {
  const words = ['user', 'order', 'cart', 'search', 'report', 'profile', 'session', 'invoice', 'audit', 'feed', 'notify', 'export', 'config', 'cache', 'queue'];
  const name = () => `${pick(random, words)}${pick(random, ['', 'Service', 'Handler', 'Utils', 'Store', 'View', 'List', 'Form'])}${int(random, 50)}`;
  const kinds: [number, () => string][] = [
    [30, () => `apps/app-${int(random, 12)}/src/${pick(random, ['components', 'pages', 'hooks', 'lib', 'features/' + pick(random, words)])}/${name()}.${pick(random, ['tsx', 'ts', 'css', 'test.tsx'])}`],
    [20, () => `packages/pkg-${int(random, 60)}/${pick(random, ['src', 'src/internal', 'test', 'lib'])}/${name()}.${pick(random, ['ts', 'js', 'd.ts', 'json'])}`],
    [15, () => `services/svc-${int(random, 100)}/${pick(random, ['cmd', 'internal', 'pkg', 'api'])}/${pick(random, words)}/${name()}.${pick(random, ['go', 'go', 'py', 'proto', 'sql', 'yaml'])}`],
    [8, () => `docs/${pick(random, ['guide', 'api', 'adr', 'runbooks', 'security'])}/${name()}.${pick(random, ['md', 'mdx', 'png', 'svg'])}`],
    [6, () => `tests/${pick(random, ['unit', 'e2e', 'fixtures'])}/${pick(random, words)}/${name()}.${pick(random, ['ts', 'py', 'json', 'snap'])}`],
    [4, () => `infra/${pick(random, ['prod', 'staging', 'dev', 'modules/' + pick(random, words)])}/${pick(random, ['main.tf', 'variables.tf', 'outputs.tf', 'terraform.tfvars', 'README.md'])}`],
    [3, () => `deploy/${pick(random, ['k8s', 'charts/api/templates', 'charts/web', 'scripts'])}/${name()}.${pick(random, ['yaml', 'yml', 'sh'])}`],
    [3, () => `${pick(random, ['apps/app-1', 'packages/pkg-2', 'services/svc-3', ''])}/${pick(random, ['package.json', 'tsconfig.json', 'Dockerfile', 'Makefile', 'go.mod', 'yarn.lock', '.env.example', 'README.md', '.eslintrc.json'])}`.replace(/^\//, '')],
    [3, () => `services/svc-${int(random, 100)}/migrations/${String(int(random, 9999)).padStart(4, '0')}_${pick(random, words)}.sql`],
    [2, () => `.github/${pick(random, ['workflows/' + name() + '.yml', 'CODEOWNERS', 'dependabot.yml', 'ISSUE_TEMPLATE/bug.yml'])}`],
    [2, () => `src/${pick(random, ['auth', 'billing', 'payments', 'crypto', 'util', 'api'])}/${name()}.${pick(random, ['ts', 'rb', 'java'])}`],
    [2, () => `assets/${pick(random, ['img', 'fonts', 'i18n'])}/${name()}.${pick(random, ['png', 'woff2', 'json'])}`],
    [2, () => `tools/${pick(random, ['ünïcode dir', 'spaces in name', '.hidden', 'deep/er/still'])}/${name()}.${pick(random, ['sh', 'py', 'txt'])}`],
  ];
  const total = kinds.reduce((s, [w]) => s + w, 0);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * total;
    for (const [w, make] of kinds) {
      r -= w;
      if (r <= 0) {
        out.push(make());
        break;
      }
    }
    if (out.length <= i) out.push(kinds[0]![1]());
  }
  return out;
}

/** 200 rules of the shapes teams write: per-service and per-package folders, extensions, braces, exclusions. */
function repoRules(random: Random): object[] {
  const tiers = ['low', 'medium', 'high', 'critical'];
  const rules: object[] = [];
  for (let i = 0; rules.length < REPO_RULES; i++) {
    const tier = pick(random, tiers);
    const reason = `Synthetic rule ${i}.`;
    switch (i % 8) {
      case 0:
      case 1:
        rules.push({ id: `svc.${i}`, match: `services/svc-${i % 100}/**`, tier, reason });
        break;
      case 2:
        rules.push({ id: `pkg.${i}`, match: `packages/pkg-${i % 60}/src/**/*.ts`, exclude: '**/*.test.ts', tier, reason });
        break;
      case 3:
        rules.push({ id: `ext.${i}`, match: `*.${pick(random, ['proto', 'graphql', 'avsc', 'thrift', 'wasm', 'xsd'])}${i}`, tier, reason });
        break;
      case 4:
        rules.push({ id: `app.${i}`, match: [`apps/app-${i % 12}/src/features/${pick(random, ['user', 'order', 'cart'])}/`, `apps/app-${i % 12}/config/**`], tier, reason });
        break;
      case 5:
        rules.push({ id: `env.${i}`, match: `{infra,deploy}/${pick(random, ['prod', 'staging', 'dev'])}/**/*.{tf,sh,yaml}`, tier, reason });
        break;
      case 6:
        rules.push({ id: `name.${i}`, match: `*${pick(random, ['Payment', 'Token', 'Admin', 'Quota'])}${i}*`, tier, reason });
        break;
      default:
        rules.push({ id: `docs.${i}`, match: `docs/${pick(random, ['guide', 'api', 'adr'])}/**`, exclude: 'docs/security/**', tier: 'low', reason });
    }
  }
  return rules;
}

function compile(random: Random, cacheSize: number): CompiledPolicy {
  const parsed = parsePolicy(JSON.stringify({ rules: repoRules(random) }));
  if (parsed.fellBack) throw new Error(`bench policy is invalid: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return compilePolicy(parsed.policy, { cacheSize });
}

/** A 2,000-line source file with the odd dangerous line, and edits of a few lines, some AI-written. */
function editWorkload(random: Random): { path: string; lines: ScanLine[] }[] {
  const plain = ['  const total = items.reduce((s, i) => s + i.price, 0);', '  if (!user) return undefined;', '  await db.query("SELECT * FROM orders WHERE id = $1", [id]);', '  // TODO: handle retries', '  return { ok: true, value };', '}', 'export function format(x: number): string {'];
  const risky = ['  await db.query("DELETE FROM sessions");', '  execSync(`rm -rf ${dir}`);', '  const agent = new https.Agent({ rejectUnauthorized: false });', '  cidr_blocks = ["0.0.0.0/0"]'];
  const doc = Array.from({ length: DOC_LINES }, () => (random() < 0.01 ? pick(random, risky) : pick(random, plain)));
  const paths = ['src/orders/service.ts', 'src/auth/session.ts', 'infra/prod/main.tf', 'scripts/cleanup.sh', 'services/svc-7/internal/user/store.go'];
  const edits: { path: string; lines: ScanLine[] }[] = [];
  for (let i = 0; i < EDITS; i++) {
    const at = int(random, DOC_LINES - 8);
    const changed = 1 + int(random, 6);
    const lines: ScanLine[] = [];
    // Only the AI-written changed lines are scanned; roughly two out of three here.
    for (let k = 0; k < changed; k++) if (random() < 0.66) lines.push({ line: at + k, text: doc[at + k]! });
    edits.push({ path: pick(random, paths), lines });
  }
  return edits;
}

function timeEach<T>(items: readonly T[], fn: (item: T) => unknown): Float64Array {
  const samples = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const start = process.hrtime.bigint();
    fn(items[i]!);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return sortedCopy(samples);
}

export function run(): Promise<{ ok: boolean; pathMedianUs: number; pathP99Us: number; pathsPerSecond: number; editMedianUs: number }> {
  console.log('\n== policy: path classification and per-edit risk ==');
  const random = rng(0x5eed);
  const paths = syntheticTree(random, PATHS);

  const compileStart = process.hrtime.bigint();
  const cold = compile(rng(42), 0);
  const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
  console.log(`compile: built-ins + ${REPO_RULES} repo rules (${cold.policy.pathRules.length} path rules) in ${fmt(compileMs)} ms`);

  // Warm the JIT on a slice so the figures describe steady state, not V8's tiers.
  for (let i = 0; i < 10_000; i++) cold.classify(paths[i]!);

  const tiers = { low: 0, medium: 0, high: 0, critical: 0 };
  const loopStart = process.hrtime.bigint();
  for (const p of paths) tiers[cold.classify(p).tier]++;
  const loopSec = Number(process.hrtime.bigint() - loopStart) / 1e9;
  const pathsPerSecond = paths.length / loopSec;
  const perPath = timeEach(paths, (p) => cold.classify(p));
  const pathMedian = percentile(perPath, 50);
  const pathP99 = percentile(perPath, 99);
  console.log(`tree: ${PATHS.toLocaleString('en-US')} paths -> low ${tiers.low}, medium ${tiers.medium}, high ${tiers.high}, critical ${tiers.critical}`);
  console.log(`classify (cold, no cache): ${Math.round(pathsPerSecond).toLocaleString('en-US')} paths/s`);
  console.log(`  per path: median ${fmt(pathMedian)} µs, p99 ${fmt(pathP99)} µs (timer overhead included)  target median < ${TARGET_PATH_US} µs  ${verdict(pathMedian < TARGET_PATH_US)}`);

  const cached = compile(rng(42), 10_000);
  const hot = paths.slice(0, 5_000);
  for (const p of hot) cached.classify(p);
  const perCached = timeEach(hot, (p) => cached.classify(p));
  console.log(`classify (cached): median ${fmt(percentile(perCached, 50))} µs, p99 ${fmt(percentile(perCached, 99))} µs`);

  const edits = editWorkload(rng(7));
  let flagged = 0;
  for (const e of edits.slice(0, 2_000)) assessRisk(cold, e.path, e.lines);
  const perEdit = timeEach(edits, (e) => {
    if (assessRisk(cold, e.path, e.lines).findings.length > 0) flagged++;
  });
  const editMedian = percentile(perEdit, 50);
  console.log(`one edit's risk update (classify cold + scan AI lines of a ${DOC_LINES}-line file): median ${fmt(editMedian)} µs, p99 ${fmt(percentile(perEdit, 99))} µs, ${flagged} of ${EDITS} edits flagged`);
  console.log(`  target median < ${TARGET_EDIT_US} µs  ${verdict(editMedian < TARGET_EDIT_US)}`);

  const ok = pathMedian < TARGET_PATH_US && editMedian < TARGET_EDIT_US;
  return Promise.resolve({ ok, pathMedianUs: pathMedian, pathP99Us: pathP99, pathsPerSecond, editMedianUs: editMedian });
}
