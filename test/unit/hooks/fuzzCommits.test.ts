import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPreparedText } from '../../../src/state/prepared';
import type { Trailer } from '../../../src/core/trailers/contract';
import { HookRepo, isOurKey, parseTrailerLines, run, scratchDir } from './helpers';
import { generate, rng } from './messages';

/**
 * Hundreds of real commits (and amends) through the installed hook with generated messages.
 * Each message is also committed with no hooks at all; the two commits must differ by exactly
 * our trailers (and stale trailers of ours an amended message carried), and git must parse our
 * trailers exactly once each. Trailers are prepared per tree as the editor would, so every
 * commit takes the hook's no-Node path.
 */

const NEW: Trailer[] = [
  { key: 'AI-Origin', value: 'ai-generated' },
  { key: 'AI-Lines', value: '7/9' },
  { key: 'AI-Tools', value: 'copilot:suggestive' },
  { key: 'Blast-Radius', value: 'medium (src.core)' },
  { key: 'Assisted-by', value: 'Copilot:gpt-4.1 [copilot]' },
];
const NEW_LINES = NEW.map((t) => `${t.key}: ${t.value}`);
const COMMITS = Number(process.env.AIP_FUZZ_COMMITS ?? 320);

describe('hook fuzz: real commits with generated messages', function () {
  this.timeout(600_000);
  let repo: HookRepo;
  let noHooks: string;

  before(() => {
    repo = new HookRepo({ prefix: 'aip-fuzz-' });
    repo.write('f.txt', 'start\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'start');
    repo.install();
    noHooks = scratchDir('aip-nohooks-');
    mkdirSync(noHooks, { recursive: true });
  });
  after(async () => {
    await repo.dispose();
    rmSync(noHooks, { recursive: true, force: true });
  });

  function prepare(): void {
    const tree = repo.git('write-tree').trim();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const parent = repo.run(['rev-parse', '-q', '--verify', 'HEAD~1'], { allowFail: true }).stdout.trim() || undefined;
    const attribution = { provenance: { origin: 'ai-generated' as const, tools: [], assistedBy: [] }, files: [] };
    const text = renderPreparedText({
      tree,
      head,
      created: new Date().toISOString(),
      variants: [
        { kind: 'normal', base: head, trailers: NEW, attribution },
        { kind: 'amend', base: parent, trailers: NEW, attribution },
      ],
    });
    const dir = join(repo.gitCommonDir(), 'ai-provenance', 'prepared');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, tree), text);
  }

  const parse = (message: string) => parseTrailerLines(run('git', ['interpret-trailers', '--parse', '--no-divider'], noHooks, { input: message }).stdout);

  it(`${COMMITS} commits and amends`, () => {
    const random = rng(4242);
    let withTrailers = 0;
    let amends = 0;
    let aborted = 0;
    for (let i = 0; i < COMMITS; i++) {
      const amend = i > 0 && random() < 0.4;
      if (!amend) {
        repo.write('f.txt', `${repo.read('f.txt')}line ${i}\n`);
        repo.git('add', 'f.txt');
      }
      const g = generate(random);
      const args = ['commit', '-q', ...(amend ? ['--amend'] : []), '-F', '-'];
      prepare();
      const before = repo.git('rev-parse', 'HEAD').trim();
      const plain = repo.run(['-c', `core.hooksPath=${noHooks}`, ...args], { input: g.text, allowFail: true });
      if (plain.code !== 0) {
        // git refuses the message (empty): with our hook it must refuse it too.
        const hooked = repo.run(args, { input: g.text, allowFail: true });
        assert.notEqual(hooked.code, 0, `commit ${i} should have aborted: ${JSON.stringify(g.text)}`);
        assert.equal(repo.git('rev-parse', 'HEAD').trim(), before);
        aborted++;
        if (!amend) repo.git('reset', '-q');
        continue;
      }
      const without = repo.message();
      repo.git('reset', '-q', '--soft', amend ? before : 'HEAD~1');
      prepare();
      repo.run(args, { input: g.text });
      const withHook = repo.message();
      const label = `commit ${i}${amend ? ' (amend)' : ''}: ${JSON.stringify(g.text)}\n=> ${JSON.stringify(withHook)}`;
      const parsed = parse(withHook);
      assert.deepEqual(
        parsed.filter((p) => isOurKey(p.key)).map((p) => `${p.key}: ${p.value}`),
        NEW_LINES,
        label,
      );
      assert.deepEqual(parsed.slice(-NEW.length).map((p) => `${p.key}: ${p.value}`), NEW_LINES, label);
      // Stale trailers of ours that git parsed in the message are replaced; nothing else changes.
      const staleParsed = parse(without)
        .filter((p) => isOurKey(p.key))
        .map((p) => `${p.key}: ${p.value}`);
      const expected = without
        .split('\n')
        .filter((l) => !staleParsed.includes(l.replace(/\r$/, '').replace(/^([^:]+):\s*/, '$1: ')))
        .join('\n');
      const eol = withHook.includes(`${NEW_LINES[0]}\r\n`) ? '\r' : '';
      const block = NEW_LINES.map((l) => `${l}${eol}\n`).join('');
      assert.ok(withHook.replace(block, '') === expected || withHook.replace(`${eol}\n${block}`, '') === expected, label);
      withTrailers++;
      if (amend) amends++;
    }
    assert.ok(withTrailers >= COMMITS * 0.8, `${withTrailers} of ${COMMITS} commits got trailers (${aborted} aborted)`);
    assert.ok(amends > COMMITS * 0.25);
  });
});
