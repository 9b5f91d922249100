import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, TempRepo } from '../gitRepo';
import type { AiSpan } from './helpers';
import { aiSpans, CART, fixture, hook, tempHome } from './helpers';

interface Scenario {
  readonly name: string;
  readonly agent: string;
  readonly fixture: string;
  readonly file: string;
  /** The file before the agent wrote (undefined: did not exist). */
  readonly before: string | undefined;
  /** The file as the agent left it on disk. */
  readonly after: string;
  /** Exactly the AI text recorded, in file order. */
  readonly ai: readonly string[];
  readonly origin: { tool: string; mode: string; model?: string; session?: string; source: string };
  readonly stdout?: string;
}

const edited = (from: string, to: string): string => {
  assert.ok(CART.includes(from), from);
  return CART.replace(from, to);
};

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'Claude Code Edit, with the original file in tool_response',
    agent: 'claude-code',
    fixture: 'claude-code/edit.json',
    file: 'src/cart.ts',
    before: CART,
    after: edited('  for (const i of items) sum += i.price;\n  return sum;', '  for (const i of items) sum += i.price * i.qty;\n  return Math.round(sum);'),
    ai: [' * i.qty', 'Math.round(', ')'],
    origin: { tool: 'claude-code', mode: 'agentic', session: '8c35adc1-2f4e-4c7b-9d0e-6a1b2c3d4e5f', source: 'hook:claude-code' },
  },
  {
    name: 'Claude Code Edit, older payload without the original (relative path)',
    agent: 'claude-code',
    fixture: 'claude-code/edit-no-original.json',
    file: 'src/cart.ts',
    before: CART,
    after: edited('  let sum = 0;', '  let sum = 0;\n  if (items.length === 0) return 0;'),
    // The new text has no final newline: the line break the agent wrote comes before its line.
    ai: ['\n  if (items.length === 0) return 0;'],
    origin: { tool: 'claude-code', mode: 'agentic', session: 'abc123', source: 'hook:claude-code' },
  },
  {
    name: 'Claude Code MultiEdit with bypassPermissions is autonomous',
    agent: 'claude-code',
    fixture: 'claude-code/multiedit-bypass.json',
    file: 'src/cart.ts',
    before: CART,
    after: edited('  return sum;', '  return sum; // cents').replace('export function total(', '/** Sum of the items. */\nexport function total('),
    ai: ['/** Sum of the items. */\n', ' // cents'],
    origin: { tool: 'claude-code', mode: 'autonomous', source: 'hook:claude-code' },
  },
  {
    name: 'Claude Code Write creating a file',
    agent: 'claude-code',
    fixture: 'claude-code/write-create.json',
    file: 'src/tax.ts',
    before: undefined,
    after: 'export const VAT = 0.2;\n\nexport function withVat(cents: number): number {\n  return Math.round(cents * (1 + VAT));\n}\n',
    ai: ['export const VAT = 0.2;\n\nexport function withVat(cents: number): number {\n  return Math.round(cents * (1 + VAT));\n}\n'],
    origin: { tool: 'claude-code', mode: 'agentic', source: 'hook:claude-code' },
  },
  {
    name: 'Claude Code Write over an existing file marks only what changed',
    agent: 'claude-code',
    fixture: 'claude-code/write-update.json',
    file: 'src/cart.ts',
    before: CART,
    after: `${CART}\nexport function count(items: Item[]): number {\n  return items.length;\n}\n`,
    ai: ['\nexport function count(items: Item[]): number {\n  return items.length;\n}\n'],
    origin: { tool: 'claude-code', mode: 'agentic', source: 'hook:claude-code' },
  },
  {
    name: "VS Code's agent payload arriving through .claude/settings.json is Copilot's",
    agent: 'claude-code',
    fixture: 'vscode/replace-string.json',
    file: 'src/cart.ts',
    before: CART,
    after: edited('sum += i.price;', 'sum += i.price * (i.qty ?? 1);'),
    ai: [' * (i.qty ?? 1)'],
    origin: { tool: 'copilot', mode: 'agentic', session: 'c5a4e3b2-vscode-session', source: 'hook:vscode' },
  },
  {
    name: 'Copilot CLI edit (camelCase, toolArgs as a JSON string)',
    agent: 'copilot',
    fixture: 'copilot/edit-camel.json',
    file: 'src/cart.ts',
    before: CART,
    after: edited('  return sum;', '  return sum / 100;'),
    ai: [' / 100'],
    origin: { tool: 'copilot', mode: 'agentic', session: '2f1d7c9e-cli', source: 'hook:copilot-cli' },
  },
  {
    name: 'Copilot CLI create (VS Code compatible snake_case)',
    agent: 'copilot',
    fixture: 'copilot/create-snake.json',
    file: 'src/format.ts',
    before: undefined,
    after: 'export const euros = (cents: number): string => (cents / 100).toFixed(2);\n',
    ai: ['export const euros = (cents: number): string => (cents / 100).toFixed(2);\n'],
    origin: { tool: 'copilot', mode: 'agentic', source: 'hook:copilot-cli' },
  },
  {
    name: 'Cursor afterFileEdit, model from the payload',
    agent: 'cursor',
    fixture: 'cursor/after-file-edit.json',
    file: 'src/cart.ts',
    before: CART,
    after: `${CART}\nexport const isEmpty = (items: Item[]): boolean => items.length === 0;\n`,
    // The agent replaced "  return sum;\n}" and the file's final newline stayed: it wrote both line breaks before.
    ai: ['\n\nexport const isEmpty = (items: Item[]): boolean => items.length === 0;'],
    origin: { tool: 'cursor', mode: 'agentic', model: 'claude-4.5-sonnet', session: 'e3f1c2a0-1111-4222-8333-944455556666', source: 'hook:cursor' },
  },
  {
    name: 'Codex apply_patch updating a file',
    agent: 'codex',
    fixture: 'codex/apply-patch.json',
    file: 'src/cart.ts',
    before: CART,
    after: edited('  for (const i of items) sum += i.price;', '  for (const item of items) sum += item.price;'),
    ai: ['tem', 'tem'],
    origin: { tool: 'codex', mode: 'agentic', model: 'gpt-5-codex', session: '0199a8f2-codex-thread', source: 'hook:codex' },
  },
  {
    name: 'Gemini CLI replace',
    agent: 'gemini',
    fixture: 'gemini/replace.json',
    file: 'src/cart.ts',
    before: CART,
    after: edited('  let sum = 0;', '  let sum: number = 0;'),
    ai: [': number'],
    origin: { tool: 'gemini', mode: 'agentic', session: 'gemini-7d6c5b4a', source: 'hook:gemini' },
    stdout: '{}\n',
  },
  {
    name: 'Gemini CLI write_file with the original content in returnDisplay',
    agent: 'gemini',
    fixture: 'gemini/write-file.json',
    file: 'src/cart.ts',
    before: CART,
    after: `${CART}\nexport const first = (items: Item[]): Item | undefined => items[0];\n`,
    ai: ['\nexport const first = (items: Item[]): Item | undefined => items[0];\n'],
    origin: { tool: 'gemini', mode: 'agentic', session: 'gemini-7d6c5b4a', source: 'hook:gemini' },
    stdout: '{}\n',
  },
];

describe('mark --from-hook, end to end through the built CLI', function () {
  this.timeout(60_000);
  let repo: TempRepo;
  let env: NodeJS.ProcessEnv;
  let home: string;
  before(() => {
    if (!existsSync(CLI)) throw new Error(`build the CLI first (npm run build): ${CLI}`);
  });
  beforeEach(() => {
    repo = new TempRepo();
    repo.write('src/cart.ts', CART);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'person');
    home = tempHome();
    env = { ...process.env, HOME: home, AIP_HOME: join(home, '.ai-provenance') };
  });
  afterEach(() => {
    repo.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  for (const s of SCENARIOS) {
    it(s.name, async () => {
      if (s.before === undefined) rmSync(repo.path(s.file), { force: true });
      else repo.write(s.file, s.before);
      repo.write(s.file, s.after); // what the agent's tool did
      const r = await hook(s.agent, fixture(s.fixture, repo.root), repo.root, env);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, s.stdout ?? '', 'prints nothing the agent would read');
      assert.equal(r.stderr, '');
      const spans = await aiSpans(repo, s.file);
      assert.deepEqual(spans.map((x) => x.text), s.ai, readFileSync(join(repo.root, '.git', 'ai-provenance', 'hook.log'), 'utf8'));
      for (const x of spans) {
        assert.equal(x.range.tool, s.origin.tool);
        assert.equal(x.range.mode, s.origin.mode);
        assert.equal(x.range.source, s.origin.source);
        assert.equal(x.range.confidence, 'high');
        if (s.origin.model) assert.equal(x.range.model, s.origin.model);
        if (s.origin.session) assert.equal(x.range.session, s.origin.session);
      }
      assertHumanUntouched(s.after, spans);
    });
  }

  it('marks Codex-added files whole and reads the model from a Claude transcript', async () => {
    repo.write('src/cart.ts', edited('  for (const i of items) sum += i.price;', '  for (const item of items) sum += item.price;'));
    repo.write('src/cart.test.ts', "import { total } from './cart';\ntest('empty', () => expect(total([])).toBe(0));\n");
    assert.equal((await hook('codex', fixture('codex/apply-patch.json', repo.root), repo.root, env)).code, 0);
    assert.deepEqual((await aiSpans(repo, 'src/cart.test.ts')).map((x) => x.text), ["import { total } from './cart';\ntest('empty', () => expect(total([])).toBe(0));\n"]);

    const transcript = join(home, 'session.jsonl');
    writeFileSync(transcript, `${JSON.stringify({ type: 'user', message: { role: 'user', content: 'hi' } })}\n${JSON.stringify({ type: 'assistant', message: { model: 'claude-opus-4-1-20250805', role: 'assistant' } })}\n`);
    const payload = JSON.parse(fixture('claude-code/write-create.json', repo.root)) as Record<string, unknown>;
    payload.transcript_path = transcript;
    repo.write('src/tax.ts', (payload.tool_input as { content: string }).content);
    assert.equal((await hook('claude-code', JSON.stringify(payload), repo.root, env)).code, 0);
    assert.equal((await aiSpans(repo, 'src/tax.ts'))[0]!.range.model, 'claude-opus-4-1-20250805');
  });

  it('keeps earlier marks and human lines when a second agent edit lands', async () => {
    repo.write('src/cart.ts', edited('  return sum;', '  return sum / 100;'));
    await hook('copilot', fixture('copilot/edit-camel.json', repo.root), repo.root, env);
    repo.write('src/cart.ts', edited('  return sum;', '  return sum / 100;').replace('  let sum = 0;', '  let sum: number = 0;'));
    await hook('gemini', fixture('gemini/replace.json', repo.root), repo.root, env);
    const spans = await aiSpans(repo, 'src/cart.ts');
    assert.deepEqual(spans.map((x) => [x.text, x.range.tool]), [[': number', 'gemini'], [' / 100', 'copilot']]);
  });

  it('refuses hostile and malformed payloads: exit 0, no output, nothing marked, a line in hook.log', async () => {
    const outside = `${repo.root}-outside`;
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'victim.txt'), 'owned\n');
    writeFileSync(join(outside, 'secret.ts'), 'export const key = 1;\n');
    symlinkSync(join(outside, 'secret.ts'), repo.path('src/link.ts'));
    const big = JSON.stringify({ hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: repo.path('src/cart.ts'), content: 'x'.repeat(17 * 1024 * 1024) } });
    const nul = JSON.stringify({ hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: repo.path('src/cart.ts'), content: 'a\u0000b' } });
    const symlinkOut = JSON.stringify({ hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: 'src/link.ts', content: 'export const key = 1;\n' }, tool_response: { type: 'create', originalFile: null } });
    const cases: [string, string | Buffer][] = [
      ['claude-code', fixture('hostile/traversal.json', repo.root)],
      ['claude-code', fixture('hostile/git-internals.json', repo.root)],
      ['claude-code', fixture('hostile/wrong-types.json', repo.root)],
      ['cursor', fixture('hostile/edits-not-array.json', repo.root)],
      ['claude-code', fixture('hostile/truncated.txt', repo.root)],
      ['claude-code', fixture('hostile/not-json.txt', repo.root)],
      ['claude-code', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b, 0x22])],
      ['claude-code', '[1, 2, 3]'],
      ['claude-code', ''],
      ['claude-code', big],
      ['claude-code', nul],
      ['claude-code', symlinkOut],
      ['no-such-agent', fixture('claude-code/edit.json', repo.root)],
    ];
    for (const [agent, payload] of cases) {
      const r = await hook(agent, payload, repo.root, env);
      assert.equal(r.code, 0, `${agent} ${String(payload).slice(0, 60)}`);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, '');
    }
    assert.deepEqual(await aiSpans(repo, 'src/cart.ts'), []);
    assert.deepEqual(await aiSpans(repo, 'src/link.ts'), []);
    assert.equal(readFileSync(join(outside, 'victim.txt'), 'utf8'), 'owned\n');
    assert.ok(!existsSync(join(outside, '.git')));
    const log = readFileSync(join(repo.root, '.git', 'ai-provenance', 'hook.log'), 'utf8');
    for (const expected of [/outside the repository/, /inside \.git/, /malformed payload ignored: tool_input\.file_path/, /malformed payload ignored: edits is not an array/, /not JSON/, /not a JSON object/, /empty payload/, /longer than/, /NUL/, /symlink/]) {
      assert.match(log, expected);
    }
    assert.match(readFileSync(join(home, '.ai-provenance', 'hook.log'), 'utf8'), /unknown agent 'no-such-agent'/);
    rmSync(outside, { recursive: true, force: true });
  });

  it('ignores tools that write no file, silently', async () => {
    const r = await hook('claude-code', fixture('claude-code/bash.json', repo.root), repo.root, env);
    assert.equal(r.code, 0);
    assert.equal(r.stdout + r.stderr, '');
    assert.equal(existsSync(join(repo.root, '.git', 'ai-provenance', 'hook.log')), false);
  });

  it('records nothing for an ambiguous edit rather than guessing', async () => {
    repo.write('src/cart.ts', `${CART}${CART.replace('total', 'total2')}`.split('  return sum;').join('  return sum / 100;'));
    const r = await hook('copilot', fixture('copilot/edit-camel.json', repo.root), repo.root, env);
    assert.equal(r.code, 0);
    assert.deepEqual(await aiSpans(repo, 'src/cart.ts'), []);
    assert.match(readFileSync(join(repo.root, '.git', 'ai-provenance', 'hook.log'), 'utf8'), /occurs more than once/);
  });
});

/** No AI span covers a character of the lines the person wrote and the agent did not touch. */
function assertHumanUntouched(after: string, spans: readonly AiSpan[]): void {
  const human = '  // prices are in cents; written by a person\n';
  const at = after.indexOf(human);
  if (at < 0) return;
  for (const s of spans) assert.ok(s.end <= at || s.start >= at + human.length, `AI span ${JSON.stringify(s.text)} covers human text`);
}
