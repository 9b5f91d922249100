// What an end-to-end run prepares before the workbench opens: the product VSIX (built as a
// release is), the demo completion provider's VSIX, both installed with code-server's
// --install-extension, a sample repository, and user settings.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import type { ToolPaths } from '../harness/paths';
import { isolatedEnv, repoRoot, writeUserSettings, type RunDir } from '../harness/runDir';
import { DEMO_MANIFEST } from './fixture/demoSnippet';
import { codeServerArgs } from './workbench';

export const EXTENSION_ID = 'ai-provenance.ai-provenance';
export const DEMO_EXTENSION_ID = `${DEMO_MANIFEST.publisher}.${DEMO_MANIFEST.name}`;

/** The sample repository: a folder name that reads well in the window title and the terminal. */
export const SAMPLE_REPO_NAME = 'acme-payments';
export const SAMPLE_AUTHOR = { name: 'Dana Developer', email: 'dana@example.com' };

/** The longest a set-up command may take (npm run package takes about 7 s). */
const COMMAND_TIMEOUT_MS = 120_000;

function run(cmd: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; what: string }): string {
  try {
    return execFileSync(cmd, args, { cwd: options.cwd, env: options.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 << 20, timeout: COMMAND_TIMEOUT_MS });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; status?: number | null; signal?: string | null };
    // The machine's npmrc sets nodedir, which npm warns about on every run: noise here.
    const output = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.split('\n').filter((l) => l.trim() && !/^npm warn Unknown \w+ config "nodedir"/.test(l)).join('\n');
    throw new Error(`${options.what} failed (${e.signal ? `signal ${e.signal}` : `exit ${String(e.status)}`}):\n${output.slice(-3000)}`, { cause: err });
  }
}

/** PATH with Node 24 first: vsce and code-server's CLI need it. */
function node24Env(tools: ToolPaths, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, PATH: `${dirname(tools.node24)}${delimiter}${base.PATH ?? ''}` };
}

/**
 * The VSIX under test, copied into the run dir: AIP_E2E_VSIX when given, otherwise a fresh
 * `npm run package` (a production build, exactly what is published).
 */
export function productVsix(tools: ToolPaths, runDir: RunDir): string {
  const target = join(runDir.dir, 'ai-provenance.vsix');
  const given = process.env.AIP_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`AIP_E2E_VSIX=${given} does not exist`);
    copyFileSync(given, target);
    return target;
  }
  const out = run('npm', ['run', 'package'], { cwd: repoRoot, env: node24Env(tools), what: 'npm run package' });
  writeFileSync(join(runDir.logs, 'package.log'), out);
  copyFileSync(join(repoRoot, 'dist', 'ai-provenance.vsix'), target);
  return target;
}

/** Bundles the demo completion provider (test/e2e/fixture) and packages it with vsce. */
export function demoVsix(tools: ToolPaths, runDir: RunDir): string {
  const dir = join(runDir.dir, 'demo-completions');
  mkdirSync(dir, { recursive: true });
  buildSync({
    entryPoints: [join(repoRoot, 'test', 'e2e', 'fixture', 'demoCompletions.ts')],
    outfile: join(dir, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(DEMO_MANIFEST, null, 2)}\n`);
  writeFileSync(join(dir, 'README.md'), `# ${DEMO_MANIFEST.displayName}\n\n${DEMO_MANIFEST.description}\n`);
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  const vsix = join(runDir.dir, 'demo-completions.vsix');
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(tools.node24, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], { cwd: dir, env: node24Env(tools), what: 'packaging the demo completion provider' });
  return vsix;
}

/** `code-server --install-extension` for each VSIX, as a user installs a downloaded VSIX. */
export function installExtensions(tools: ToolPaths, runDir: RunDir, vsixes: string[]): string {
  const args = [...codeServerArgs(tools, runDir), ...vsixes.flatMap((v) => ['--install-extension', v]), '--force'];
  const out = run(tools.node24, args, { cwd: runDir.dir, env: isolatedEnv(runDir, { EXTENSIONS_GALLERY: '{}' }), what: 'code-server --install-extension' });
  writeFileSync(join(runDir.logs, 'install.log'), out);
  const listed = run(tools.node24, [...codeServerArgs(tools, runDir), '--list-extensions', '--show-versions'], {
    cwd: runDir.dir,
    env: isolatedEnv(runDir, { EXTENSIONS_GALLERY: '{}' }),
    what: 'code-server --list-extensions',
  });
  return listed;
}

/** Folder of the installed extension (where its bundled CLI lives). */
export function installedExtensionDir(runDir: RunDir): string {
  const prefix = `${EXTENSION_ID}-`;
  const found = readdirSync(runDir.extensions).filter((n) => n.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${prefix}* folder in ${runDir.extensions}, found: ${found.join(', ') || 'none'}`);
  return join(runDir.extensions, found[0]!);
}

export const MAIN_TF = `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

resource "aws_s3_bucket" "receipts" {
  bucket = "acme-payments-receipts"
}

`;

/** A small service with infrastructure next to its code, one commit, a git identity. */
export function createSampleRepo(runDir: RunDir): string {
  const repo = join(runDir.dir, SAMPLE_REPO_NAME);
  const files: Record<string, string> = {
    'README.md': '# acme-payments\n\nPayment API and the infrastructure it runs on.\n',
    'src/app.ts': [
      "import { createServer } from 'node:http';",
      '',
      'export function total(amounts: number[]): number {',
      '  return amounts.reduce((sum, a) => sum + a, 0);',
      '}',
      '',
      'createServer((_req, res) => res.end(String(total([1, 2, 3])))).listen(8080);',
      '',
    ].join('\n'),
    'infra/main.tf': MAIN_TF,
    'infra/variables.tf': 'variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, rel)), { recursive: true });
    writeFileSync(join(repo, rel), content);
  }
  const env = isolatedEnv(runDir);
  const git = (...args: string[]): string => run('git', args, { cwd: repo, env, what: `git ${args.join(' ')}` });
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', SAMPLE_AUTHOR.name);
  git('config', 'user.email', SAMPLE_AUTHOR.email);
  git('config', 'commit.gpgsign', 'false');
  git('add', '--all');
  git('commit', '--quiet', '--message', 'Payment API and its S3 bucket');
  return repo;
}

/**
 * The harness's quiet settings plus what keeps the images clean and the run deterministic. None
 * of them configures AI Provenance except useProposedApi: stock VS Code has no edit-reason
 * proposal (code-server enables every proposal), so with it off an accepted suggestion is only
 * recognised through our Tab keybinding, which is what this test must prove works.
 */
export function writeSettings(runDir: RunDir): void {
  writeUserSettings(runDir);
  const file = join(runDir.user, 'User', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  Object.assign(settings, {
    'aiProvenance.detection.useProposedApi': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.layoutControl.enabled': false,
    'workbench.editor.empty.hint': 'hidden',
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'window.commandCenter': false,
    'editor.minimap.enabled': false,
    'editor.fontSize': 14,
    // Plain text has only word-based suggestions; their widget would take the Tab key.
    'editor.wordBasedSuggestions': 'off',
    'editor.hover.delay': 300,
    'git.enableSmartCommit': false,
    'git.postCommitCommand': 'none',
    'git.showActionButton': { commit: true, publish: false, sync: false },
    'git.confirmSync': false,
    'scm.showIncomingChanges': 'never',
    'scm.showOutgoingChanges': 'never',
    'scm.graph.showIncomingChanges': false,
    'scm.graph.showOutgoingChanges': false,
    'terminal.integrated.gpuAcceleration': 'off',
    'terminal.integrated.fontSize': 14,
    'terminal.integrated.defaultProfile.linux': 'bash',
    'terminal.integrated.shellIntegration.enabled': false,
    'terminal.integrated.enablePersistentSessions': false,
    'terminal.integrated.hideOnStartup': 'always',
  });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
  // The terminal screenshot shows the prompt: a short one, in the sample repository.
  writeFileSync(join(runDir.home, '.bashrc'), "PS1='\\[\\e[32m\\]\\W\\[\\e[0m\\] $ '\nexport GIT_PAGER=cat PAGER=cat\n");
}
