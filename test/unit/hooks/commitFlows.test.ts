import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_PATH, HookRepo, editorScript, parseTrailerLines, run, scratchDir, stripOurs } from './helpers';

/**
 * Every row of the table in the shared notes (git-hooks-and-trailers.md), against real git with
 * our hooks installed: which commits get trailers, that every other byte of the message is what
 * git commits without our hook, and that aborts still abort.
 */

const BASE = Array.from({ length: 5 }, (_, i) => `export const base${i} = ${i};`).join('\n') + '\n';
const ADDED = Array.from({ length: 5 }, (_, i) => `export function generated${i}(input: number): number { return input * ${i + 2}; }`).join('\n') + '\n';

const EXPECTED = [
  'AI-Origin: ai-generated',
  'AI-Lines: 3/5',
  'AI-Tools: claude-code:agentic',
  'Blast-Radius: low',
  'Assisted-by: Claude:claude-sonnet-4 [claude-code]',
];

describe('commit hook: every commit flow', function () {
  this.timeout(120_000);
  let repo: HookRepo;
  let tools: string;

  before(() => {
    tools = scratchDir('aip-editors-');
  });
  after(() => rmSync(tools, { recursive: true, force: true }));

  beforeEach(() => {
    repo = new HookRepo();
    repo.write('src/app.ts', BASE);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.install();
  });
  afterEach(() => repo.dispose());

  /** Five added lines, three of them marked as written by Claude. */
  function stageAi(path = 'src/app.ts'): void {
    repo.write(path, BASE + ADDED);
    repo.mark(path, '6-8', 'claude-code', 'claude-sonnet-4');
    repo.git('add', path);
  }

  /**
   * Runs a commit with our hooks, then the same commit again from the same state with no hooks at
   * all: the messages must differ by our trailers only.
   */
  function commitBoth(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; global?: string[] } = {}): { withHook: string; without: string } {
    const global = options.global ?? [];
    const empty = join(tools, 'no-hooks');
    mkdirSync(empty, { recursive: true });
    repo.run([...global, '-c', `core.hooksPath=${empty}`, 'commit', ...args], options);
    const without = repo.message();
    repo.git('reset', '-q', '--soft', 'HEAD~1');
    repo.run([...global, 'commit', ...args], options);
    return { withHook: repo.message(), without };
  }

  it('commit -m: exact trailers, nothing else changed', () => {
    stageAi();
    const { withHook, without } = commitBoth(['-q', '-m', 'Add generated helpers', '-m', 'Body text.']);
    assert.equal(stripOurs(withHook), without);
    assert.equal(withHook, `Add generated helpers\n\nBody text.\n\n${EXPECTED.join('\n')}\n`);
  });

  it('commit -F file and -F - (stdin, as VS Code commits)', () => {
    stageAi();
    const file = join(tools, 'msg.txt');
    writeFileSync(file, 'From a file\n\nwith a body\n');
    const a = commitBoth(['-q', '-F', file]);
    assert.equal(stripOurs(a.withHook), a.without);
    assert.deepEqual(repo.ours(), EXPECTED);
    repo.git('reset', '-q', '--soft', 'HEAD~1');
    repo.mark('src/app.ts', '6-8', 'claude-code', 'claude-sonnet-4');
    const b = commitBoth(['--quiet', '--allow-empty-message', '--file', '-'], { input: 'From stdin\n', global: ['-c', 'user.useConfigOnly=true'] });
    assert.equal(stripOurs(b.withHook), b.without);
    assert.deepEqual(repo.ours(), EXPECTED);
  });

  it('an editor that writes the message: trailers added after it closes', () => {
    stageAi();
    const editor = editorScript(tools, 'write', { write: 'Written in the editor\n\nExplained.\n' });
    const { withHook, without } = commitBoth(['-q'], { env: { GIT_EDITOR: editor } });
    assert.equal(stripOurs(withHook), without);
    assert.deepEqual(repo.ours(), EXPECTED);
  });

  it('an editor left empty still aborts the commit', () => {
    stageAi();
    const head = repo.git('rev-parse', 'HEAD');
    const r = repo.run(['commit', '-q'], { env: { GIT_EDITOR: editorScript(tools, 'keep', 'keep') }, allowFail: true });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /empty commit message/);
    assert.equal(repo.git('rev-parse', 'HEAD'), head);
  });

  it('a template: untouched still aborts, edited gets trailers (editor and no-editor cases)', () => {
    stageAi();
    const tmpl = join(tools, 'template.txt');
    writeFileSync(tmpl, 'Subject line here\n\n# Explain why.\n');
    const head = repo.git('rev-parse', 'HEAD');
    const untouched = repo.run(['commit', '-q', '-t', tmpl], { env: { GIT_EDITOR: editorScript(tools, 'keep2', 'keep') }, allowFail: true });
    assert.notEqual(untouched.code, 0);
    assert.match(untouched.stderr, /did not edit the message/);
    assert.equal(repo.git('rev-parse', 'HEAD'), head);
    // commit.template with no editor at all (GIT_EDITOR=:): git aborts the same way.
    repo.git('config', 'commit.template', tmpl);
    const noEditor = repo.run(['commit', '-q'], { env: { GIT_EDITOR: ':' }, allowFail: true });
    assert.notEqual(noEditor.code, 0);
    assert.equal(repo.git('rev-parse', 'HEAD'), head);
    const edited = editorScript(tools, 'prepend', { prepend: 'Real subject\n\n' });
    const { withHook, without } = commitBoth(['-q', '-t', tmpl], { env: { GIT_EDITOR: edited } });
    assert.equal(stripOurs(withHook), without);
    assert.deepEqual(repo.ours(), EXPECTED);
  });

  it('--no-verify -m: prepare-commit-msg still adds them', () => {
    stageAi();
    const { withHook, without } = commitBoth(['-q', '--no-verify', '-m', 'No verify']);
    assert.equal(stripOurs(withHook), without);
    assert.deepEqual(repo.ours(), EXPECTED);
  });

  it('amend twice: one of each of our keys, other trailers and text untouched', async () => {
    stageAi();
    repo.git('commit', '-q', '-m', 'First', '-m', 'Signed-off-by: A U Thor <a@example.com>\nChange-Id: I0123456789abcdef');
    assert.deepEqual(repo.ours(), EXPECTED);
    await repo.idle();
    repo.git('commit', '-q', '--amend', '--no-edit');
    repo.git('commit', '-q', '--amend', '--no-edit');
    const msg = repo.message();
    assert.equal(msg, `First\n\nSigned-off-by: A U Thor <a@example.com>\nChange-Id: I0123456789abcdef\n${EXPECTED.join('\n')}\n`);
    // An amend that adds a human line recounts against the parent, keeping the AI lines.
    repo.write('src/app.ts', `${BASE + ADDED}export const human = 1;\n`);
    repo.git('add', '.');
    repo.git('commit', '-q', '--amend', '-m', 'First, amended');
    assert.deepEqual(repo.ours(), [EXPECTED[0], 'AI-Lines: 3/6', ...EXPECTED.slice(2)]);
    assert.equal(repo.parsed().filter((p) => p.key === 'AI-Origin').length, 1);
  });

  it('fixup and squash commits get trailers', () => {
    stageAi();
    repo.git('commit', '-q', '-m', 'Target');
    repo.write('src/app.ts', `${BASE + ADDED}export const more = 1;\n`);
    repo.git('add', '.');
    repo.git('commit', '-q', '--fixup', 'HEAD');
    assert.match(repo.message(), /^fixup! Target\n\nAI-Origin: human-only\nAI-Lines: 0\/1\nBlast-Radius: low\n$/);
    repo.write('src/app.ts', `${BASE + ADDED}export const more = 1;\nexport const evenMore = 2;\n`);
    repo.git('add', '.');
    repo.git('commit', '-q', '--squash', 'HEAD~1', '-m', 'Squash body');
    assert.deepEqual(repo.ours(), ['AI-Origin: human-only', 'AI-Lines: 0/1', 'Blast-Radius: low']);
  });

  it('merges keep their message; merge --squash and a conflicted merge too', async () => {
    repo.git('checkout', '-q', '-b', 'side');
    stageAi();
    repo.git('commit', '-q', '-m', 'Side work');
    await repo.idle();
    repo.git('checkout', '-q', 'main');
    repo.write('other.txt', 'other\n');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'Main work');
    repo.git('merge', '-q', '--no-ff', '--no-edit', 'side');
    assert.equal(repo.message(), "Merge branch 'side'\n");
    // merge --squash: the commit that concludes it is a normal commit of new lines.
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    repo.git('merge', '-q', '--squash', 'side');
    const squashEditor = editorScript(tools, 'squash', 'keep');
    repo.run(['commit', '-q'], { env: { GIT_EDITOR: squashEditor } });
    assert.match(repo.message(), /^Squashed commit of the following:\n/);
    // The side commit's lines left the ledger with its note; the squash finds them there.
    assert.deepEqual(repo.ours(), EXPECTED);
    // A conflicted merge concluded with `git commit`: the merge message stays as git wrote it.
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    repo.git('checkout', '-q', '-b', 'conflict');
    repo.write('src/app.ts', `${BASE}conflicting line A\n`);
    repo.git('commit', '-qam', 'A');
    repo.git('checkout', '-q', 'main');
    repo.write('src/app.ts', `${BASE}conflicting line B\n`);
    repo.git('commit', '-qam', 'B');
    repo.run(['merge', 'conflict'], { allowFail: true });
    repo.write('src/app.ts', `${BASE}resolved\n`);
    repo.git('add', '.');
    const mergeMsg = readFileSync(join(repo.gitCommonDir(), 'MERGE_MSG'), 'utf8');
    repo.run(['commit', '--no-edit', '-q']);
    assert.match(repo.message(), /^Merge branch 'conflict'\n/);
    assert.equal(repo.message().startsWith(mergeMsg.split('\n')[0]!), true);
    assert.deepEqual(repo.ours(), []);
  });

  it('rebase, rebase -i reword, cherry-pick and revert keep the original messages', () => {
    stageAi();
    repo.git('commit', '-q', '-m', 'Feature', '-m', 'Co-authored-by: B <b@example.com>');
    const original = repo.message();
    assert.deepEqual(repo.ours(), EXPECTED);
    repo.git('checkout', '-q', '-b', 'other', 'HEAD~1');
    repo.write('unrelated.txt', 'x\n');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'Unrelated');
    repo.git('checkout', '-q', 'main');
    repo.run(['rebase', '-q', 'other']);
    assert.equal(repo.message(), original);
    // reword: the editor changes the subject; our trailers stay exactly as they were.
    const seq = editorScript(tools, 'seq', { write: '' });
    writeFileSync(seq, '#!/bin/sh\nsed -i.bak "1s/^pick/reword/" "$1"\n');
    const reword = editorScript(tools, 'reword', { write: '' });
    writeFileSync(reword, '#!/bin/sh\nsed -i.bak "1s/.*/Feature, reworded/" "$1"\n');
    repo.run(['rebase', '-q', '-i', 'HEAD~1'], { env: { GIT_SEQUENCE_EDITOR: seq, GIT_EDITOR: reword } });
    assert.equal(repo.message(), original.replace(/^Feature/, 'Feature, reworded'));
    // cherry-pick onto another branch: same message.
    const feature = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-q', '-b', 'pick', 'HEAD~1');
    repo.git('cherry-pick', feature);
    assert.equal(repo.message(), original.replace(/^Feature/, 'Feature, reworded'));
    // revert: git's own message, no trailers of ours.
    repo.git('revert', '--no-edit', 'HEAD');
    assert.match(repo.message(), /^Revert "Feature, reworded"\n\nThis reverts commit [0-9a-f]{40}\.\n$/);
  });

  it('commit -a and commit <path> count the tree being committed', () => {
    repo.write('src/app.ts', BASE + ADDED);
    repo.mark('src/app.ts', '6-8', 'claude-code', 'claude-sonnet-4');
    repo.write('other.ts', 'export const unrelated = 1;\n');
    repo.git('add', 'other.ts');
    // commit <path>: only src/app.ts (unstaged) goes in, other.ts stays staged.
    repo.git('commit', '-q', '-m', 'Path only', 'src/app.ts');
    assert.deepEqual(repo.ours(), EXPECTED);
    assert.equal(repo.git('diff', '--cached', '--name-only').trim(), 'other.ts');
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    repo.write('src/app.ts', BASE + ADDED);
    repo.mark('src/app.ts', '6-8', 'claude-code', 'claude-sonnet-4');
    repo.git('commit', '-qam', 'All of it');
    assert.deepEqual(repo.ours(), EXPECTED);
  });

  it('partial staging: only the staged hunk counts', () => {
    const lines = BASE.split('\n').slice(0, 5);
    const ai = ['export const aiOne = computeSomethingLong(1);', 'export const aiTwo = computeSomethingLong(2);'];
    const human = ['export const humanOne = 1;'];
    const text = [lines[0], ...ai, lines[1], lines[2], lines[3], lines[4], ...human, ''].join('\n');
    repo.write('src/app.ts', text);
    repo.mark('src/app.ts', '2-3', 'copilot');
    const patch = repo.git('diff', '-U0', 'src/app.ts');
    const firstHunk = patch.split(/(?=^@@)/m);
    writeFileSync(join(tools, 'hunk.patch'), `${firstHunk[0]}${firstHunk[1]}`);
    repo.run(['apply', '--cached', '--unidiff-zero', join(tools, 'hunk.patch')]);
    repo.git('commit', '-q', '-m', 'First hunk only');
    assert.deepEqual(repo.ours(), ['AI-Origin: ai-generated', 'AI-Lines: 2/2', 'AI-Tools: copilot:agentic', 'Blast-Radius: low']);
    repo.git('commit', '-qam', 'The rest');
    assert.deepEqual(repo.ours(), ['AI-Origin: human-only', 'AI-Lines: 0/1', 'Blast-Radius: low']);
  });

  it('AIP_HOOKS=0 turns our part off for one command', () => {
    stageAi();
    repo.run(['commit', '-q', '-m', 'Off'], { env: { AIP_HOOKS: '0' } });
    assert.equal(repo.message(), 'Off\n');
  });

  it('an empty -m still aborts', () => {
    stageAi();
    const r = repo.run(['commit', '-q', '-m', ''], { allowFail: true });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /empty commit message/);
  });

  it('-v: trailers go above the scissors and the diff stays out of the message', () => {
    stageAi();
    const editor = editorScript(tools, 'verbose', { prepend: 'Verbose commit\n' });
    const { withHook, without } = commitBoth(['-q', '-v'], { env: { GIT_EDITOR: editor } });
    assert.equal(stripOurs(withHook), without);
    assert.doesNotMatch(withHook, />8|diff --git/);
    assert.deepEqual(repo.ours(), EXPECTED);
  });

  it('core.commentChar: comments in its character are stripped, trailers kept', () => {
    stageAi();
    repo.git('config', 'core.commentChar', ';');
    const editor = editorScript(tools, 'semi', { prepend: 'Semicolon comments\n\n# this line is not a comment\n' });
    const { withHook, without } = commitBoth(['-q'], { env: { GIT_EDITOR: editor } });
    assert.equal(stripOurs(withHook), without);
    assert.match(withHook, /# this line is not a comment/);
    assert.deepEqual(repo.ours(), EXPECTED);
  });

  it('a body with a --- line: trailers at the end, where %(trailers) reads them', () => {
    stageAi();
    const { withHook, without } = commitBoth(['-q', '-F', '-'], { input: 'Subject\n\nSome text\n---\nmore text after a divider\n' });
    assert.equal(stripOurs(withHook), without);
    const viaLog = repo.git('log', '-1', '--format=%(trailers:key=AI-Lines,valueonly)').trim();
    assert.equal(viaLog, '3/5');
  });

  it('existing trailer blocks stay byte for byte', () => {
    stageAi();
    const body = 'Subject\n\nBody.\n\nSigned-off-by: A U Thor <a@example.com>\nCo-authored-by: Someone  Else <s@example.com>\nChange-Id: I0123456789abcdef0123456789abcdef01234567\nReviewed-by:Odd Spacing\n';
    const { withHook, without } = commitBoth(['-q', '-F', '-'], { input: body });
    assert.equal(stripOurs(withHook), without);
    assert.equal(withHook, `${body}${EXPECTED.join('\n')}\n`);
  });

  it('CRLF messages', () => {
    stageAi();
    const { withHook, without } = commitBoth(['-q', '-F', '-', '--cleanup=verbatim'], { input: 'Subject\r\n\r\nBody line\r\n' });
    assert.equal(withHook.startsWith(without), true);
    assert.deepEqual(parseTrailerLines(run('git', ['interpret-trailers', '--parse', '--no-divider'], repo.root, { input: withHook }).stdout).map((p) => `${p.key}: ${p.value}`), EXPECTED);
    repo.git('reset', '-q', '--soft', 'HEAD~1');
    repo.mark('src/app.ts', '6-8', 'claude-code', 'claude-sonnet-4');
    const normal = commitBoth(['-q', '-F', '-'], { input: 'Subject\r\n\r\nBody line\r\n' });
    assert.equal(stripOurs(normal.withHook), normal.without);
  });

  it('terminal only: mark with the CLI, git add, git commit, no editor and nothing prepared', () => {
    repo.write('lib/util.js', 'function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n');
    repo.mark('lib/util.js', undefined, 'codex', 'gpt-5-codex');
    repo.write('lib/human.js', 'module.exports = 42;\n');
    repo.git('add', 'lib');
    assert.equal(existsSync(join(repo.gitCommonDir(), 'ai-provenance', 'prepared')), false);
    repo.git('commit', '-q', '-m', 'Agent work');
    assert.deepEqual(repo.ours(), ['AI-Origin: ai-generated', 'AI-Lines: 4/5', 'AI-Tools: codex:agentic', 'Blast-Radius: low', 'Assisted-by: Codex:gpt-5-codex [codex]']);
  });

  it('without a usable runtime the hook writes AI-Origin: unknown and the commit goes through', () => {
    stageAi();
    repo.cli(['hook', 'install', '--node', join(tools, 'no-such-node'), '--cli', join(tools, 'no-such-cli.js')]);
    repo.git('commit', '-q', '-m', 'No runtime');
    assert.deepEqual(repo.ours(), ['AI-Origin: unknown']);
    assert.equal(repo.git('log', '-1', '--format=%s').trim(), 'No runtime');
  });

  it('a prepared tree is applied without starting the runtime, until a ledger it used changes', () => {
    stageAi();
    const log = join(tools, 'node-calls.log');
    rmSync(log, { force: true });
    const fake = join(tools, 'fake-node');
    writeFileSync(fake, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${process.execPath}' "$@"\n`);
    chmodSync(fake, 0o755);
    repo.cli(['hook', 'install', '--node', fake, '--cli', CLI_PATH]);
    const calls = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
    repo.cli(['trailers', '--prepare']);
    // Provenance of an unrelated file changes: what was prepared still holds.
    repo.write('notes.ts', 'export const unrelatedButLongEnough = 12345;\n');
    repo.mark('notes.ts', '1', 'copilot');
    repo.git('commit', '-q', '-m', 'Prepared');
    assert.deepEqual(repo.ours(), EXPECTED);
    assert.doesNotMatch(calls(), /trailers/);
    // The committed file's provenance changes after preparing: the hook computes again.
    repo.write('src/app.ts', `${BASE + ADDED}export const late = computeSomethingElse(42);\n`);
    repo.git('add', 'src/app.ts');
    repo.cli(['trailers', '--prepare']);
    repo.mark('src/app.ts', '11', 'codex');
    repo.git('commit', '-q', '-m', 'Marked after preparing');
    assert.match(calls(), /trailers --for-hook normal/);
    assert.deepEqual(repo.ours().slice(0, 3), ['AI-Origin: ai-generated', 'AI-Lines: 1/1', 'AI-Tools: codex:agentic']);
  });
});
