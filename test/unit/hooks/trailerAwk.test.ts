import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactAwk, renderHookScript } from '../../../src/git/hooks/script';
import { cleanEnv, parseTrailerLines, run, scratchDir } from './helpers';
import type { Generated } from './messages';
import { generate, rng } from './messages';

/**
 * The hook's message editor (awk) against git itself, on message files: thousands of generated
 * messages (unicode, comments, scissors, trailer blocks, blank-line shapes, CRLF, no final
 * newline). For each: `git interpret-trailers --parse` finds exactly our trailers, at the end of
 * the block; removing them gives back the message byte for byte; and where git's own
 * interpret-trailers would not rewrite other lines, the output is exactly git's.
 */

const TREE = '1'.repeat(40);
const HEAD = '2'.repeat(40);
const NEW = [
  'AI-Origin: ai-edited',
  'AI-Lines: 12/40',
  'AI-Tools: claude-code:agentic, copilot:suggestive',
  'Blast-Radius: high (auth.core, +2)',
  'Assisted-by: Claude:claude-sonnet-4 [claude-code]',
];

describe('trailer writer (awk) against git', function () {
  this.timeout(300_000);
  let dir: string;
  let prep: string;
  let gd: string;

  before(() => {
    dir = scratchDir('aip-awk-');
    gd = join(dir, 'gd');
    mkdirSync(join(gd, 'state', 'prepared'), { recursive: true });
    writeFileSync(join(gd, 'HEAD'), `${HEAD}\n`);
    prep = join(gd, 'state', 'prepared', TREE);
    writeFileSync(prep, ['ai-provenance-prepared 1', `tree ${TREE}`, `head ${HEAD}`, `variant normal ${HEAD}`, ...NEW, 'end', ''].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const program = compactAwk();
  function runAwk(file: string, mode: 'pcm' | 'cm' = 'pcm', extra: NodeJS.ProcessEnv = {}): number {
    const r = spawnSync('awk', [program], {
      cwd: dir,
      env: cleanEnv({ AIP_MODE: mode, AIP_MSG: file, AIP_SRC: 'message', AIP_SHA: '', AIP_FALLBACK: '0', AIP_GD: gd, AIP_CD: gd, AIP_TREE: TREE, AIP_PREP: prep, AIP_FRESH: '1', AIP_PID: String(process.pid), LC_ALL: 'C', ...extra }),
      encoding: 'utf8',
    });
    if (r.stderr) throw new Error(r.stderr);
    return r.status ?? -1;
  }
  function runAwkAsync(file: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const child = spawn('awk', [program], {
        cwd: dir,
        env: cleanEnv({ AIP_MODE: 'pcm', AIP_MSG: file, AIP_SRC: 'message', AIP_SHA: '', AIP_FALLBACK: '0', AIP_GD: gd, AIP_CD: gd, AIP_TREE: TREE, AIP_PREP: prep, AIP_FRESH: '1', AIP_PID: String(process.pid), LC_ALL: 'C' }),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => (err ? reject(new Error(err)) : resolve(code ?? -1)));
    });
  }
  function write(text: string, mode: 'pcm' | 'cm' = 'pcm'): string {
    const f = join(dir, 'one.txt');
    writeFileSync(f, text);
    assert.equal(runAwk(f, mode), 0);
    return readFileSync(f, 'utf8');
  }
  const block = NEW.join('\n');

  /**
   * Runs the hook's `aip_simple` on a message, under a parent process named `git` whose command
   * line says commit (what the function checks). Undefined when it declined.
   */
  const simpleFn = (() => {
    const text = renderHookScript({ hook: 'prepare-commit-msg', node: '/usr/bin/node', cli: '/x/cli.js', chain: 'none' });
    return text.slice(text.indexOf('aip_simple() {'), text.indexOf('\naip_node_timeout() {'));
  })();
  let fakeGit: string | undefined;
  let pending = Promise.resolve();
  function runSimple(text: string, i: number): Promise<string | undefined> {
    if (!fakeGit) {
      fakeGit = join(dir, 'fakebin', 'git');
      mkdirSync(join(dir, 'fakebin'), { recursive: true });
      symlinkSync(spawnSync('sh', ['-c', 'command -v dash || command -v sh'], { encoding: 'utf8' }).stdout.trim(), fakeGit);
    }
    const f = join(dir, 'fuzz', `s${i}`);
    writeFileSync(f, text);
    const inner = `${simpleFn}\naip_fresh=1 aip_gd=$AIP_GD aip_cd=$AIP_GD aip_tree=$AIP_TREE aip_prep=$AIP_PREP\nif aip_simple "$AIP_F"; then echo handled; fi`;
    // One at a time, in order.
    const run = pending.then(
      () =>
        new Promise<string | undefined>((resolve, reject) => {
          const child = spawn(fakeGit!, ['-c', 'sh -c "$AIP_INNER" commit; :'], { cwd: dir, env: cleanEnv({ AIP_INNER: inner, AIP_F: f, AIP_GD: gd, AIP_TREE: TREE, AIP_PREP: prep }), stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (err += d.toString()));
          child.on('error', reject);
          child.on('close', () => (err ? reject(new Error(err)) : resolve(out.includes('handled') ? readFileSync(f, 'utf8') : undefined)));
        }),
    );
    pending = run.then(() => undefined);
    return run;
  }

  it('a subject alone gets its own trailer paragraph; a missing final newline is added first', () => {
    assert.equal(write('Subject'), `Subject\n\n${block}\n`);
    assert.equal(write('Merge branch x'), `Merge branch x\n\n${block}\n`);
  });

  it('appends to an existing block without touching its lines', () => {
    assert.equal(write('S\n\nSigned-off-by:   A <a@b>\nChange-Id:I1\n'), `S\n\nSigned-off-by:   A <a@b>\nChange-Id:I1\n${block}\n`);
  });

  it('replaces stale trailers of ours (any case, with continuation lines) and keeps the rest in place', () => {
    assert.equal(
      write('S\n\nSigned-off-by: A <a@b>\nai-origin: human-only\nAI-Lines: 1/2\n  folded\nChange-Id: I1\n'),
      `S\n\nSigned-off-by: A <a@b>\nChange-Id: I1\n${block}\n`,
    );
  });

  it('goes above comments and the scissors line; a --- line is body text', () => {
    assert.equal(write('S\n\nbody\n---\nmore\n\n# comment\n'), `S\n\nbody\n---\nmore\n\n${block}\n\n# comment\n`);
    assert.equal(
      write('S\n# ------------------------ >8 ------------------------\ndiff\n', 'cm'),
      `S\n\n${block}\n# ------------------------ >8 ------------------------\ndiff\n`,
    );
  });

  it('leaves empty messages alone (git must still abort them)', () => {
    for (const text of ['', '\n', '# only a comment\n', '\n\n# c\n', 'Signed-off-by: A <a@b>\n']) {
      assert.equal(write(text, 'cm'), text, JSON.stringify(text));
    }
    assert.equal(write('   \n\t\n'), '   \n\t\n');
  });

  it('keeps CRLF line ends in what it adds', () => {
    assert.equal(write('S\r\n\r\nbody\r\n'), `S\r\n\r\nbody\r\n\r\n${NEW.join('\r\n')}\r\n`);
  });

  it('asks for the slow path when nothing is prepared for this tree and HEAD, and writes unknown as a fallback', () => {
    const f = join(dir, 'slow.txt');
    writeFileSync(f, 'S\n');
    assert.equal(runAwk(f, 'pcm', { AIP_TREE: '3'.repeat(40) }), 3);
    assert.equal(readFileSync(f, 'utf8'), 'S\n');
    assert.equal(runAwk(f, 'pcm', { AIP_SRC: 'commit', AIP_SHA: 'HEAD' }), 4);
    assert.equal(runAwk(f, 'pcm', { AIP_FRESH: '0' }), 3);
    assert.equal(runAwk(f, 'pcm', { AIP_TREE: '3'.repeat(40), AIP_FALLBACK: '1' }), 0);
    assert.equal(readFileSync(f, 'utf8'), 'S\n\nAI-Origin: unknown\n');
  });

  it('2,000 generated messages: exact parse, byte-identical remainder, and git positions', async () => {
    const random = rng(20261122);
    const cases: Generated[] = [];
    for (let i = 0; i < 2000; i++) cases.push(generate(random));
    const inDir = join(dir, 'fuzz');
    mkdirSync(inDir, { recursive: true });
    const files = cases.map((c, i) => {
      const f = join(inDir, `m${i}`);
      writeFileSync(f, c.text);
      return f;
    });
    // A few awk processes at a time: the suite stays fast on small machines.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const f = files[next++]!;
        assert.equal(await runAwkAsync(f), 0, f);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const outs = files.map((f) => readFileSync(f, 'utf8'));
    // One git process parses all results (in place), one more parses the inputs.
    const parseAll = (texts: string[], tag: string): { key: string; value: string }[][] => {
      const files = texts.map((t, i) => {
        const f = join(inDir, `${tag}${i}`);
        writeFileSync(f, t);
        return f;
      });
      run('git', ['interpret-trailers', '--in-place', '--parse', '--no-divider', ...files], dir);
      return files.map((f) => parseTrailerLines(readFileSync(f, 'utf8')));
    };
    const parsedOut = parseAll(outs, 'p');
    const parsedIn = parseAll(cases.map((c) => c.text), 'i');
    // Git's own placement, for messages where it rewrites nothing else.
    const gitRef = cases.map((c, i) => {
      const f = join(inDir, `g${i}`);
      writeFileSync(f, c.text.endsWith('\n') || c.text === '' ? c.text : `${c.text}\n`);
      return f;
    });
    run('git', ['interpret-trailers', '--in-place', '--no-divider', '--where', 'end', '--if-exists', 'add', '--if-missing', 'add', ...NEW.flatMap((t) => ['--trailer', t]), ...gitRef], dir);

    let written = 0;
    let exact = 0;
    cases.forEach((c, i) => {
      const out = outs[i]!;
      const label = `case ${i}: ${JSON.stringify(c.text)} -> ${JSON.stringify(out)}`;
      const withNl = c.text === '' || c.text.endsWith('\n') ? c.text : `${c.text}\n`;
      if (out === c.text) {
        // Left alone: only when there is nothing a person wrote.
        assert.ok(!/[^\s]/.test(c.text.split(/\r?\n/).filter((l) => !l.startsWith('#') && !l.startsWith('Signed-off-by: ')).join('')), label);
        return;
      }
      written++;
      const ours = parsedOut[i]!.filter((p) => /^(ai-origin|ai-lines|ai-tools|blast-radius|assisted-by)$/i.test(p.key.trim()));
      assert.deepEqual(ours.map((p) => `${p.key}: ${p.value}`), NEW, label);
      const tail = parsedOut[i]!.slice(-NEW.length).map((p) => `${p.key}: ${p.value}`);
      assert.deepEqual(tail, NEW, label);
      // Removing ours (and the blank line before them when they are a paragraph of their own)
      // gives back the input, without the stale trailers of ours git had parsed.
      const staleParsed = c.stale.filter((s) => parsedIn[i]!.some((p) => `${p.key}: ${p.value}` === s.replace(/:\s*/, ': ')));
      const expected = withNl
        .split('\n')
        .filter((l) => !staleParsed.includes(l.replace(/\r$/, '')))
        .join('\n');
      const eol = out.includes(`${NEW[0]}\r\n`) ? '\r' : '';
      const ourBlock = NEW.map((l) => `${l}${eol}\n`).join('');
      const appended = out.replace(ourBlock, '');
      const ownParagraph = out.replace(`${eol}\n${ourBlock}`, '');
      assert.ok(appended === expected || ownParagraph === expected, label);
      if (c.canonical && c.stale.length === 0) {
        assert.equal(out, readFileSync(gitRef[i]!, 'utf8'), label);
        exact++;
      }
    });
    assert.ok(written > 1800, `only ${written} messages got trailers`);
    assert.ok(exact > 600, `only ${exact} messages compared with git's own output`);

    // The hook's sh-only path for simple messages writes exactly what awk writes, or declines.
    const simple = await Promise.all(cases.map((c, i) => runSimple(c.text, i)));
    let handled = 0;
    simple.forEach((r, i) => {
      if (r === undefined) return;
      handled++;
      assert.equal(r, outs[i], `sh path, case ${i}: ${JSON.stringify(cases[i]!.text)}`);
    });
    assert.ok(handled > 150, `the sh path handled only ${handled} messages`);
  });
});
