/**
 * `npm run bench`: every performance target of the project, each measured against a baseline
 * in the same run, printed with PASS/FAIL. Exit code 1 when a target is missed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

interface Bench {
  name: string;
  file: string;
}

const benches: Bench[] = [
  { name: 'tracker', file: 'tracker.js' },
  { name: 'policy', file: 'policy.js' },
  { name: 'hook', file: 'hook.js' },
  { name: 'gate', file: 'gate.js' },
  { name: 'agentHook', file: 'agentHook.js' },
];

async function main(): Promise<void> {
  const only = process.argv[2];
  let failed = false;
  for (const b of benches) {
    if (only && b.name !== only) continue;
    const path = join(__dirname, b.file);
    if (!existsSync(path)) continue;
    const mod = (await import(path)) as { run: () => unknown };
    const result = (await mod.run()) as Record<string, unknown> | undefined;
    if (result && result.ok === false) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
