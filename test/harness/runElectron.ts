// Runs the same extension-host suite (test/integration) in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (offline CI uses
// runCodeServer.ts). Environment: AIP_VSCODE_VERSION (default: stable), AIP_IT_GREP,
// AIP_IT_TRUST=0 (leave workspace trust on).
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { printSummary, readResult } from './result';
import { createRunDir, createWorkspace, repoRoot } from './runDir';

async function main(): Promise<number> {
  const version = process.env.AIP_VSCODE_VERSION || 'stable';
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version });
  } catch (err) {
    console.error(
      `[harness] could not download VS Code ${version}: ${err instanceof Error ? err.message : String(err)}\n` +
        "[harness] @vscode/test-electron needs network access to update.code.visualstudio.com; offline, use 'npm run test:integration' (code-server).",
    );
    return 1;
  }

  const run = createRunDir();
  const workspace = createWorkspace(run);
  const extensionTestsEnv: Record<string, string> = {
    AIP_TEST_WORKSPACE: workspace,
    AIP_TEST_RESULT: run.result,
    AIP_CLI: join(repoRoot, 'dist', 'cli.js'),
    AIP_NODE: process.execPath,
    AIP_IT_TRUST: process.env.AIP_IT_TRUST === '0' ? '0' : '1',
  };
  if (process.env.AIP_IT_GREP) extensionTestsEnv.AIP_IT_GREP = process.env.AIP_IT_GREP;

  let exitCode: number;
  try {
    // vscode.git must stay enabled, so no --disable-extensions; test-electron already gives the
    // instance its own user-data and extensions dirs under .vscode-test/.
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, ...(process.env.AIP_IT_TRUST === '0' ? [] : ['--disable-workspace-trust'])],
      extensionTestsEnv,
    });
  } catch (err) {
    console.error(`[harness] VS Code test run failed: ${err instanceof Error ? err.message : String(err)}`);
    exitCode = 1;
  }
  const result = readResult(run.result);
  if (!result) {
    console.error(`[harness] the suite wrote no result file (${run.result})`);
    return 1;
  }
  printSummary(result);
  return exitCode === 0 && result.failed === 0 && result.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[harness] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
