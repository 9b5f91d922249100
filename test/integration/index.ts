// Mocha bootstrap run inside the VS Code extension host (code-server via
// test/harness/runCodeServer.ts, or desktop VS Code via @vscode/test-electron). Reports through
// console (forwarded to the outer runner) and, when AIP_TEST_RESULT is set, a result file.
import Mocha from 'mocha';
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'node:util';

export interface TestFailure {
  readonly title: string;
  readonly error: string;
}

export interface TestResult {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly TestFailure[];
}

function testFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files.push(...testFiles(p));
    else if (name.endsWith('.test.js')) files.push(p);
  }
  return files;
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

function writeResult(result: TestResult): void {
  const file = process.env.AIP_TEST_RESULT;
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(tmp, file); // the outer runner polls for this file: it must never see half of it
}

function reporterFor(failures: TestFailure[], counts: { passed: number; failed: number }): Mocha.ReporterConstructor {
  const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
  return class ConsoleReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      let depth = 0;
      let pending = 0;
      const pad = (): string => '  '.repeat(depth);
      runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
        if (suite.root) return;
        testLog(`${pad()}${suite.title}`);
        depth++;
      });
      runner.on(EVENT_SUITE_END, (suite: Mocha.Suite) => {
        if (!suite.root) depth--;
      });
      runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
        counts.passed++;
        testLog(`${pad()}✓ ${test.title} (${test.duration ?? 0} ms)`);
      });
      runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
        pending++;
        testLog(`${pad()}- ${test.title} (pending)`);
      });
      // Also fires for failing hooks, which then count as failures.
      runner.on(EVENT_TEST_FAIL, (test: Mocha.Runnable, err: unknown) => {
        counts.failed++;
        failures.push({ title: test.fullTitle(), error: describeError(err) });
        testLog(`${pad()}✗ ${failures.length}) ${test.title}`);
      });
      runner.once(EVENT_RUN_END, () => {
        for (const [i, f] of failures.entries()) {
          testLog(`\n${i + 1}) ${f.title}`);
          for (const line of f.error.split('\n')) testLog(`   ${line}`);
        }
        testLog(`\n${counts.passed} passing, ${counts.failed} failing${pending ? `, ${pending} pending` : ''}`);
      });
    }
  };
}

/**
 * Prints through console, one call per line. Under runCodeServer.ts, every line carries
 * AIP_IT_LOG_MARKER: the workbench hands the runner its whole log, and VS Code's console
 * forwarding cannot be wrapped (it ignores assignments to console.*), so the marker is how the
 * runner picks out and streams the test output.
 */
export function testLog(...args: unknown[]): void {
  const marker = process.env.AIP_IT_LOG_MARKER ?? '';
  for (const line of format(...args).split('\n')) console.log(`${marker}${line}`);
}

export async function run(): Promise<void> {
  const failures: TestFailure[] = [];
  const counts = { passed: 0, failed: 0 };
  const grep = process.env.AIP_IT_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 20_000,
    color: false,
    forbidOnly: true,
    failZero: true, // a grep that matches nothing must not look like a green run
    ...(grep ? { grep } : {}),
  });
  mocha.reporter(reporterFor(failures, counts));

  let failureCount: number;
  try {
    for (const file of testFiles(join(__dirname, 'suite'))) mocha.addFile(file);
    // run() loads the files synchronously: a suite that fails to load throws here.
    failureCount = await new Promise<number>((resolve) => mocha.run(resolve));
  } catch (err) {
    failures.push({ title: 'loading the integration suites', error: describeError(err) });
    testLog(`Integration suites failed to load:\n${describeError(err)}`);
    writeResult({ passed: counts.passed, failed: counts.failed + 1, failures });
    throw err;
  }
  // failZero and forbidOnly fail the run without a failing test: count that as one failure.
  const failed = Math.max(counts.failed, failureCount);
  if (failed > counts.failed) failures.push({ title: 'mocha run', error: `mocha reported ${failureCount} failure(s) (no tests matched, or .only is used)` });
  writeResult({ passed: counts.passed, failed, failures });
  if (failed > 0) throw new Error(`${failed} integration test(s) failed`);
}
