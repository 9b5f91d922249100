import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../policy/helpers';
import { GateRepo } from './helpers';

const root = projectRoot();
const actionText = readFileSync(join(root, 'action.yml'), 'utf8');

/** The `run: |` blocks of the composite steps, by step name, dedented (no YAML library needed). */
function runBlocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  let name = '';
  for (let i = 0; i < lines.length; i++) {
    const m = /^ {4}- name: (.+)$/.exec(lines[i]!);
    if (m) name = m[1]!.trim();
    const run = /^( +)run: (\|)?(.*)$/.exec(lines[i]!);
    if (!run) continue;
    if (!run[2]) {
      out.set(name, run[3]!);
      continue;
    }
    const body: string[] = [];
    const indent = run[1]!.length + 2;
    for (i++; i < lines.length && (lines[i]!.trim() === '' || lines[i]!.startsWith(' '.repeat(indent))); i++) body.push(lines[i]!.slice(indent));
    i--;
    out.set(name, body.join('\n'));
  }
  return out;
}

function section(name: string): string {
  const m = new RegExp(`^${name}:\\n((?: {2}.*\\n|\\n)*)`, 'm').exec(actionText);
  return m?.[1] ?? '';
}

describe('action.yml (GitHub Action)', function () {
  this.timeout(60_000);
  const blocks = runBlocks(actionText);
  const gateScript = blocks.get('Run ai-provenance gate') ?? '';

  it('is a composite action with the documented inputs and outputs', () => {
    assert.match(actionText, /^runs:\n {2}using: composite$/m);
    const inputs = [...section('inputs').matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
    for (const name of ['base', 'head', 'policy', 'format', 'fail-on', 'approvals', 'sarif']) assert.ok(inputs.includes(name), name);
    const outputs = [...section('outputs').matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
    assert.deepEqual(outputs, ['verdict', 'exit-code', 'report', 'sarif']);
  });

  it('checks the pull request head sha against its base sha, not the synthetic merge commit', () => {
    assert.match(section('inputs'), /head:[\s\S]*?default: \$\{\{ github\.event\.pull_request\.head\.sha \}\}/);
    assert.match(section('inputs'), /base:[\s\S]*?default: \$\{\{ github\.event\.pull_request\.base\.sha \}\}/);
  });

  it('never splices expressions into scripts (inputs arrive as environment variables)', () => {
    assert.ok(blocks.size >= 3);
    for (const [name, script] of blocks) assert.doesNotMatch(script, /\$\{\{/, name);
  });

  it('never runs the unrelated npm package of the same name', () => {
    assert.doesNotMatch(actionText, /npx[^\n]*ai-provenance@/);
  });

  it('uploads SARIF with codeql-action and applies the verdict last', () => {
    assert.match(actionText, /uses: github\/codeql-action\/upload-sarif@v3/);
    assert.match(actionText, /if: \$\{\{ always\(\) && inputs\.sarif == 'true'/);
    assert.equal(blocks.get('Verdict'), 'exit "${AIP_CODE:-2}"');
  });

  describe('the gate step, run in bash as the runner would', () => {
    let repo: GateRepo;
    let base: string;
    const cliMain = join(root, 'out-gate', 'src', 'cli', 'main.js');
    const compiled = existsSync(cliMain) ? cliMain : join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

    before(() => {
      repo = new GateRepo();
      base = repo.commit('initial\n', { 'README.md': 'hi\n' });
      repo.commit('infra\n\nAI-Origin: ai-generated\nAI-Lines: 1/1\n', { 'infra/main.tf': 'a = 1\n' });
    });
    after(() => repo.dispose());

    function runStep(env: Record<string, string>) {
      const output = join(repo.root, '.git', 'gh-output');
      const summary = join(repo.root, '.git', 'gh-summary');
      writeFileSync(output, '');
      writeFileSync(summary, '');
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', gateScript], {
        cwd: repo.root,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          GIT_CONFIG_NOSYSTEM: '1',
          RUNNER_TEMP: join(repo.root, '.git', 'tmp'),
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: summary,
          AIP_CLI: compiled,
          AIP_BASE: base,
          AIP_HEAD: '',
          AIP_POLICY: '',
          AIP_FORMAT: 'json',
          AIP_FAIL_ON: 'error',
          AIP_APPROVALS: '',
          AIP_FETCH_NOTES: 'true',
          AIP_PR: '',
          AIP_REPOSITORY: 'o/r',
          GH_TOKEN: '',
          ...env,
        },
      });
      const outputs = Object.fromEntries(
        readFileSync(output, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
      );
      return { ...r, outputs, summary: readFileSync(summary, 'utf8') };
    }

    it('reports a violation through its outputs, the job summary, the report and the SARIF file', () => {
      const r = runStep({});
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.outputs.verdict, 'fail');
      assert.equal(r.outputs['exit-code'], '1');
      assert.match(r.summary, /## ❌ AI Provenance gate: fail/);
      assert.equal((JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as { verdict: string }).verdict, 'fail');
      assert.equal((JSON.parse(readFileSync(r.outputs.sarif!, 'utf8')) as { version: string }).version, '2.1.0');
      assert.match(r.stdout, /::error title=AI Provenance gate::Policy violations/);
    });

    it('passes the approvals input to the gate', () => {
      const r = runStep({ AIP_APPROVALS: '2' });
      assert.equal(r.outputs.verdict, 'pass', r.stdout + r.stderr);
      assert.equal(r.outputs['exit-code'], '0');
    });

    it('says what to do when there is no base revision', () => {
      const r = runStep({ AIP_BASE: '' });
      assert.equal(r.outputs.verdict, 'error');
      assert.equal(r.outputs['exit-code'], '2');
      assert.match(r.stdout, /::error title=AI Provenance gate::No base revision/);
    });
  });
});
