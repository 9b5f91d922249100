import { strict as assert } from 'node:assert';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { refreshHookRuntime } from '../../../src/agents/launcher';
import { runCli } from '../../../src/cli/main';
import { captureIO as io } from '../cliIO';
import { CLI, TempRepo } from '../gitRepo';
import { aiSpans, CART, fixture, runWithStdin, tempHome } from './helpers';


const CLAUDE_SETTINGS = `{
  // Team settings: keep the formatter hook.
  "model": "opus",
  "permissions": { "allow": ["Bash(npm test:*)"] },
  "hooks": {
    "PostToolUse": [
      { "matcher": "Write|Edit", "hooks": [ { "type": "command", "command": "npx prettier --write \\"$CLAUDE_PROJECT_DIR\\"" } ] } // formatter
    ],
    "Stop": [ { "hooks": [ { "type": "command", "command": "notify-send done" } ] } ]
  }
}
`;

const GEMINI_SETTINGS = '{\n\t"theme": "GitHub",\n\t"hooks": {}\n}\n';
const CODEX_HOOKS = '{ "hooks": { "PostToolUse": [] } }';

describe('agents connect / disconnect / status', function () {
  this.timeout(60_000);
  let repo: TempRepo;
  let home: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    if (!existsSync(CLI)) throw new Error(`build the CLI first (npm run build): ${CLI}`);
  });
  beforeEach(() => {
    repo = new TempRepo();
    repo.write('src/cart.ts', CART);
    home = tempHome();
    env = { PATH: process.env.PATH, HOME: home, AIP_HOOK_CLI: CLI };
  });
  afterEach(() => {
    repo.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  const run = async (args: string[], cwd = repo.root, e = env): Promise<{ code: number; out: string; err: string }> => {
    const c = io(cwd, e);
    const code = await runCli(args, c);
    return { code, out: c.out, err: c.err };
  };

  it('round-trips existing config files byte for byte, keeping comments and other hooks', async () => {
    repo.write('.claude/settings.json', CLAUDE_SETTINGS);
    repo.write('.gemini/settings.json', GEMINI_SETTINGS);
    repo.write('.codex/hooks.json', CODEX_HOOKS);
    const r = await run(['agents', 'connect', 'all']);
    assert.equal(r.code, 0, r.err);
    const claude = readFileSync(repo.path('.claude/settings.json'), 'utf8');
    assert.ok(claude.startsWith(CLAUDE_SETTINGS.slice(0, CLAUDE_SETTINGS.indexOf('} // formatter') + 1)), 'the bytes before our entry are unchanged');
    assert.match(claude, /\/\/ formatter/);
    assert.match(claude, /"matcher": "Edit\|Write\|MultiEdit"/);
    assert.match(readFileSync(repo.path('.gemini/settings.json'), 'utf8'), /\n\t\t"AfterTool": \[\n\t\t\t\{/, 'written in the file\'s own indentation (tabs)');
    assert.match(r.out, /claude-code\s+\.claude\/settings\.json: updated/);
    assert.match(r.out, /\+\s+"matcher": "Edit\|Write\|MultiEdit",/);
    assert.match(r.out, /cursor\s+\.cursor\/hooks\.json: created/);

    const d = await run(['agents', 'disconnect']);
    assert.equal(d.code, 0, d.err);
    assert.equal(readFileSync(repo.path('.claude/settings.json'), 'utf8'), CLAUDE_SETTINGS);
    assert.equal(readFileSync(repo.path('.gemini/settings.json'), 'utf8'), GEMINI_SETTINGS);
    assert.equal(readFileSync(repo.path('.codex/hooks.json'), 'utf8'), CODEX_HOOKS);
    for (const created of ['.cursor', '.github']) assert.equal(existsSync(repo.path(created)), false, `${created} removed`);
    assert.equal(existsSync(join(repo.root, '.git', 'ai-provenance', 'bin', 'ai-provenance-hook')), false, 'launcher removed');
  });

  it('is idempotent, and --dry-run changes nothing', async () => {
    const dry = await run(['agents', 'connect', 'claude-code', '--dry-run']);
    assert.match(dry.out, /would be created/);
    assert.equal(existsSync(repo.path('.claude/settings.json')), false);
    await run(['agents', 'connect', 'claude-code', 'cursor']);
    const first = readFileSync(repo.path('.claude/settings.json'), 'utf8') + readFileSync(repo.path('.cursor/hooks.json'), 'utf8');
    const again = await run(['agents', 'connect', 'claude-code', 'cursor']);
    assert.match(again.out, /claude-code\s+\.claude\/settings\.json: unchanged/);
    assert.match(again.out, /cursor\s+\.cursor\/hooks\.json: unchanged/);
    assert.equal(readFileSync(repo.path('.claude/settings.json'), 'utf8') + readFileSync(repo.path('.cursor/hooks.json'), 'utf8'), first);
    const s = JSON.parse(readFileSync(repo.path('.claude/settings.json'), 'utf8')) as { hooks: { PostToolUse: unknown[] } };
    assert.equal(s.hooks.PostToolUse.length, 1);
  });

  it('removes only its own entry from a file edited since, and refuses to touch invalid JSON', async () => {
    repo.write('.claude/settings.json', CLAUDE_SETTINGS);
    await run(['agents', 'connect', 'claude-code']);
    const edited = readFileSync(repo.path('.claude/settings.json'), 'utf8').replace('"model": "opus"', '"model": "sonnet"');
    writeFileSync(repo.path('.claude/settings.json'), edited);
    await run(['agents', 'disconnect', 'claude-code']);
    const after = readFileSync(repo.path('.claude/settings.json'), 'utf8');
    assert.doesNotMatch(after, /ai-provenance-hook/);
    assert.match(after, /"model": "sonnet"/);
    assert.match(after, /prettier/);
    assert.match(after, /notify-send/);

    repo.write('.cursor/hooks.json', '{ "version": 1, "hooks": { ');
    const r = await run(['agents', 'connect', 'cursor']);
    assert.equal(r.code, 1);
    assert.match(r.out, /failed \(.*not valid JSON/);
    assert.equal(readFileSync(repo.path('.cursor/hooks.json'), 'utf8'), '{ "version": 1, "hooks": { ');
  });

  it('--user writes under HOME, with an absolute launcher path, and takes it all out again', async () => {
    const r = await run(['agents', 'connect', '--user', 'claude-code', 'copilot', 'codex']);
    assert.equal(r.code, 0, r.err);
    const settings = readFileSync(join(home, '.claude', 'settings.json'), 'utf8');
    assert.ok(settings.includes(JSON.stringify(join(home, '.ai-provenance', 'bin', 'ai-provenance-hook')).slice(1, -1)));
    assert.ok(existsSync(join(home, '.copilot', 'hooks', 'ai-provenance.json')));
    assert.ok(existsSync(join(home, '.codex', 'hooks.json')));
    assert.ok(statSync(join(home, '.ai-provenance', 'bin', 'ai-provenance-hook')).mode & 0o100);
    assert.equal(existsSync(repo.path('.claude')), false, 'the repository is not touched');
    const status = await run(['agents', 'status', '--json']);
    const agents = (JSON.parse(status.out) as { agents: { agent: string; userConnected: boolean; repoConnected: boolean }[] }).agents;
    assert.deepEqual(agents.filter((a) => a.userConnected).map((a) => a.agent), ['claude-code', 'copilot', 'codex']);
    assert.equal(agents.some((a) => a.repoConnected), false);

    await run(['agents', 'disconnect', '--user']);
    assert.deepEqual(readdirSync(home).sort(), ['.ai-provenance']);
    assert.deepEqual(readdirSync(join(home, '.ai-provenance')), ['lib']);
  });

  it("quotes paths safely: a HOME with spaces and quotes still runs the hook (--user)", async () => {
    const odd = join(home, `it's a "home" $(x)`);
    mkdirSync(odd);
    const e = { ...env, HOME: odd };
    assert.equal((await run(['agents', 'connect', '--user', 'claude-code'], repo.root, e)).code, 0);
    const settings = JSON.parse(readFileSync(join(odd, '.claude', 'settings.json'), 'utf8')) as { hooks: { PostToolUse: { hooks: { command: string }[] }[] } };
    repo.write('src/cart.ts', CART.replace('  return sum;', '  return Math.round(sum);').replace('sum += i.price;', 'sum += i.price * i.qty;'));
    const r = await runWithStdin('/bin/sh', ['-c', settings.hooks.PostToolUse[0]!.hooks[0]!.command], fixture('claude-code/edit.json', repo.root), repo.root, { PATH: '/usr/bin:/bin', HOME: odd });
    assert.equal(r.code, 0);
    assert.equal(r.stdout + r.stderr, '');
    assert.equal((await aiSpans(repo, 'src/cart.ts')).length, 3);
  });

  it('detects agents from config directories and executables on PATH', async () => {
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'codex'), '#!/bin/sh\n');
    chmodSync(join(bin, 'codex'), 0o755);
    mkdirSync(join(home, '.gemini'));
    repo.write('.cursor/rules/x.mdc', 'x');
    const e = { ...env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    const s = await run(['agents', 'status'], repo.root, e);
    assert.match(s.out, /codex\s+not connected\s+found: .*bin\/codex/);
    assert.match(s.out, /gemini\s+not connected\s+found: .*\.gemini/);
    assert.match(s.out, /cursor\s+not connected\s+found: \.cursor/);
    const c = await run(['agents', 'connect'], repo.root, e);
    assert.match(c.out, /cursor/);
    assert.match(c.out, /codex/);
    assert.match(c.out, /gemini/);
    assert.doesNotMatch(c.out, /claude-code/);
  });

  it('the written hook command records an edit, from any directory of the repository, and keeps working after an update', async () => {
    // "Install" the extension: its CLI lives in a versioned directory.
    const v1 = join(home, 'extensions', 'ai-provenance.ai-provenance-0.1.0', 'dist');
    mkdirSync(v1, { recursive: true });
    copyFileSync(CLI, join(v1, 'cli.js'));
    await run(['agents', 'connect', 'claude-code'], repo.root, { ...env, AIP_HOOK_CLI: join(v1, 'cli.js') });
    const settings = JSON.parse(readFileSync(repo.path('.claude/settings.json'), 'utf8')) as { hooks: { PostToolUse: { hooks: { command: string }[] }[] } };
    const command = settings.hooks.PostToolUse[0]!.hooks[0]!.command;
    const agentEnv = { PATH: '/usr/bin:/bin', HOME: home }; // the agent's own environment: no ai-provenance, maybe no node on PATH

    const runHook = async (cwd: string): Promise<void> => {
      const r = await runWithStdin('/bin/sh', ['-c', command], fixture('claude-code/edit.json', repo.root), cwd, agentEnv);
      assert.equal(r.code, 0);
      assert.equal(r.stdout + r.stderr, '');
    };
    const edit = (): void => {
      repo.write('src/cart.ts', CART.replace('  return sum;', '  return Math.round(sum);').replace('sum += i.price;', 'sum += i.price * i.qty;'));
    };

    edit();
    await runHook(join(repo.root, 'src'));
    assert.deepEqual((await aiSpans(repo, 'src/cart.ts')).map((s) => s.text), [' * i.qty', 'Math.round(', ')']);

    // Update: the old extension directory is deleted, a new version starts and refreshes the runtime.
    rmSync(join(home, 'extensions'), { recursive: true });
    repo.write('src/cart.ts', CART);
    edit();
    rmSync(join(repo.root, '.git', 'ai-provenance', 'ledger'), { recursive: true });
    await runHook(repo.root);
    assert.equal((await aiSpans(repo, 'src/cart.ts')).length, 3, 'still works with the old extension directory gone');

    const v2 = join(home, 'extensions', 'ai-provenance.ai-provenance-0.2.0', 'dist');
    mkdirSync(v2, { recursive: true });
    writeFileSync(join(v2, 'cli.js'), `${readFileSync(CLI, 'utf8')}\n// 0.2.0\n`);
    assert.equal(await refreshHookRuntime({ HOME: home }, join(v2, 'cli.js'), process.execPath), true);
    assert.equal(await refreshHookRuntime({ HOME: home }, join(v2, 'cli.js'), process.execPath), false, 'nothing to do the second time');
    assert.match(readFileSync(join(home, '.ai-provenance', 'lib', 'cli.js'), 'utf8'), /\/\/ 0\.2\.0\n$/);
    rmSync(join(repo.root, '.git', 'ai-provenance', 'ledger'), { recursive: true });
    await runHook(repo.root);
    assert.equal((await aiSpans(repo, 'src/cart.ts')).length, 3, 'works with the refreshed CLI');

    // The recorded runtime moved away (VS Code updated): falls back to node on PATH.
    writeFileSync(join(home, '.ai-provenance', 'lib', 'runtime'), '/nonexistent/electron\n');
    rmSync(join(repo.root, '.git', 'ai-provenance', 'ledger'), { recursive: true });
    await runWithStdin('/bin/sh', ['-c', command], fixture('claude-code/edit.json', repo.root), repo.root, { PATH: `${join(process.execPath, '..')}:/usr/bin:/bin`, HOME: home });
    assert.equal((await aiSpans(repo, 'src/cart.ts')).length, 3, 'falls back to node on PATH');

    // Everything gone: the hook does nothing and still never fails the agent.
    rmSync(join(home, '.ai-provenance'), { recursive: true });
    await runHook(repo.root);
    rmSync(join(repo.root, '.git', 'ai-provenance'), { recursive: true });
    await runHook(repo.root);
  });
});
