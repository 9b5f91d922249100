// Reading the result file the extension-host mocha bootstrap writes (test/integration/index.ts).
import { existsSync, readFileSync } from 'node:fs';
import type { TestResult } from '../integration/index';

export function readResult(file: string): TestResult | undefined {
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<TestResult>;
  if (typeof raw.passed !== 'number' || typeof raw.failed !== 'number' || !Array.isArray(raw.failures)) {
    throw new Error(`${file} is not a test result: ${JSON.stringify(raw).slice(0, 200)}`);
  }
  return { passed: raw.passed, failed: raw.failed, failures: raw.failures };
}

/** Prints the failures again (the streamed log may have been cut) and the closing count line. */
export function printSummary(result: TestResult): void {
  for (const [i, f] of result.failures.entries()) {
    console.log(`FAILED ${i + 1}) ${f.title}\n${indent(f.error)}`);
  }
  console.log(`${result.passed} passed, ${result.failed} failed`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .slice(0, 12)
    .map((line) => `    ${line}`)
    .join('\n');
}
