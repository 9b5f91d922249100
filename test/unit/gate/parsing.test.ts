import { strict as assert } from 'node:assert';
import { aggregate, bodyBlocks, readClaims, reviewersOf, worseOrigin } from '../../../src/gate/claims';
import type { LogCommit } from '../../../src/gate/logReader';
import { LogParser, parseTrailerLines, splitDiffGitLine, unquote } from '../../../src/gate/logReader';
import { readNote } from '../../../src/gate/notes';

const N = 'AIPtest';
const header = (sha: string, message: string, trailers = '') => `\0${N}S\0${sha}\0${'p'.repeat(40)}\0A\0a@x\0d\0d\0${trailers}\0\0${message}\0${N}E`;

function parse(text: string, retain = true): LogCommit[] {
  const out: LogCommit[] = [];
  const p = new LogParser(N, (c) => out.push(c), () => retain);
  for (const line of text.split('\n')) p.push(line);
  p.end();
  return out;
}

describe('gate: log parsing', () => {
  it('splits diff --git lines, including names with spaces and quotes', () => {
    assert.deepEqual(splitDiffGitLine('a/x y b/x y'), ['x y', 'x y']);
    assert.deepEqual(splitDiffGitLine('a/a b/c b/a b/c'), ['a b/c', 'a b/c']);
    assert.deepEqual(splitDiffGitLine('"a/t\\tb" "b/t\\tb"'), ['t\tb', 't\tb']);
    assert.deepEqual(splitDiffGitLine('a/old b/new'), ['old', 'new']);
  });

  it('unquotes C-style paths, octal UTF-8 bytes included', () => {
    assert.equal(unquote('"caf\\303\\251 \\"x\\"\\\\"'), 'café "x"\\');
    assert.equal(unquote('plain'), 'plain');
  });

  it('reads %(trailers) output', () => {
    assert.deepEqual(parseTrailerLines('AI-Origin: ai-generated\nReviewed-by: A <a@x>\n\nbad line\n'), [
      { key: 'AI-Origin', value: 'ai-generated' },
      { key: 'Reviewed-by', value: 'A <a@x>' },
    ]);
  });

  it('treats every line inside a hunk as content, even ones that look like headers', () => {
    const text = [
      header('a'.repeat(40), 'msg\n'),
      '',
      'diff --git a/q.sql b/q.sql',
      'index 1..2 100644',
      '--- a/q.sql',
      '+++ b/q.sql',
      '@@ -1,3 +1,4 @@',
      ' keep',
      '--- a removed SQL comment',
      '+++ an added line',
      '+diff --git a/x b/x',
      '+@@ not a hunk',
      ' tail',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const [c] = parse(text);
    const f = c!.files[0]!;
    assert.equal(f.path, 'q.sql');
    assert.equal(f.added, 3);
    assert.equal(f.deleted, 1);
    assert.deepEqual(
      f.lines!.filter((l) => l.added).map((l) => [l.line, l.text]),
      [
        [1, '++ an added line'],
        [2, 'diff --git a/x b/x'],
        [3, '@@ not a hunk'],
      ],
    );
    assert.equal(f.firstAddedLine, 2);
  });

  it('keeps a message that contains the separator characters, and commits without diffs', () => {
    const text = [header('b'.repeat(40), 'subject\n\nbody with \0 inside\n'), header('c'.repeat(40), 'merge\n'), ''].join('\n');
    const commits = parse(text);
    assert.equal(commits.length, 2);
    assert.equal(commits[0]!.message, 'subject\n\nbody with \0 inside\n');
    assert.equal(commits[1]!.files.length, 0);
  });

  it('does not keep line text when not asked to', () => {
    const text = [header('d'.repeat(40), 'm\n'), 'diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -0,0 +1 @@', '+x', ''].join('\n');
    const [c] = parse(text, false);
    assert.equal(c!.files[0]!.lines, undefined);
    assert.equal(c!.files[0]!.added, 1);
  });

  it('does not count submodule pointer lines', () => {
    const text = [header('e'.repeat(40), 'm\n'), 'diff --git a/sub b/sub', 'index 1111111..2222222 160000', '--- a/sub', '+++ b/sub', '@@ -1 +1 @@', '-Subproject commit 1111', '+Subproject commit 2222', ''].join('\n');
    const [c] = parse(text);
    assert.equal(c!.files[0]!.submodule, true);
    assert.equal(c!.files[0]!.added, 0);
  });
});

describe('gate: claims', () => {
  const claims = (message: string, trailers: { key: string; value: string }[] = [], note?: string) => readClaims({ message, trailers, note, authorEmail: 'me@x' });

  it('orders origins for the gate: ai-generated > ai-edited > unknown > human-only', () => {
    assert.equal(worseOrigin('human-only', 'unknown'), 'unknown');
    assert.equal(worseOrigin('ai-edited', 'unknown'), 'ai-edited');
    assert.equal(worseOrigin('ai-edited', 'ai-generated'), 'ai-generated');
  });

  it('groups body trailer blocks by paragraph, and by repeated AI-Origin inside one', () => {
    const blocks = bodyBlocks('subject AI-Origin: human-only\n\nAI-Origin: ai-edited\nAI-Lines: 1/2\n\ntext\nAI-Origin: human-only\nAI-Origin: ai-generated\n');
    assert.deepEqual(
      blocks.map((b) => b.map((p) => p.value)),
      [['ai-edited', '1/2'], ['human-only'], ['ai-generated']],
    );
  });

  it('aggregates squashed blocks: worst origin, summed lines, united tools, highest radius', () => {
    const a = aggregate([
      { origin: 'human-only', aiLines: 0, addedLines: 3, tools: [], assistedBy: [], blastRadius: { tier: 'high', rules: ['a'] } },
      { origin: 'ai-edited', aiLines: 2, addedLines: 4, tools: [{ tool: 'codex', mode: 'agentic' }], assistedBy: [], blastRadius: { tier: 'low', rules: ['b'] } },
    ]);
    assert.equal(a.origin, 'ai-edited');
    assert.deepEqual([a.aiLines, a.addedLines], [2, 7]);
    assert.deepEqual(a.blastRadius, { tier: 'high', rules: ['a', 'b'] });
    assert.equal(a.tools.length, 1);
  });

  it('uses git\'s parsed block when our lines are only there', () => {
    const c = claims('s\n\nbody\n\nAI-Origin: ai-edited\nAI-Lines: 1/1\n', [
      { key: 'AI-Origin', value: 'ai-edited' },
      { key: 'AI-Lines', value: '1/1' },
    ]);
    assert.equal(c.source, 'trailers');
    assert.equal(c.knownOrigin, true);
  });

  it('never believes a note over the message, and ignores a note that is not JSON', () => {
    const c = claims('s\n\nAI-Origin: human-only\n', [{ key: 'AI-Origin', value: 'human-only' }], '{"origin":"ai-generated"}');
    assert.equal(c.provenance.origin, 'human-only');
    const bad = claims('s\n', [], 'plain text');
    assert.equal(bad.source, 'none');
    assert.match(bad.noteWarning ?? '', /not JSON/);
  });

  it('reads Agent Trace style notes', () => {
    const n = readNote(JSON.stringify({ files: [{ path: 'a.ts', conversations: [{ contributor: { type: 'ai' }, ranges: [{ start_line: 3, end_line: 5 }] }, { contributor: { type: 'human' }, ranges: [{ start_line: 9, end_line: 9 }] }] }] }));
    assert.ok(n.ok);
    assert.deepEqual(n.facts.files.get('a.ts'), [[3, 5]]);
  });

  it('counts reviewers by e-mail, without the author', () => {
    assert.deepEqual(
      reviewersOf(
        [
          { key: 'Reviewed-by', value: 'Ann <ann@x>' },
          { key: 'approved-by', value: 'Ann B <ANN@x>' },
          { key: 'Reviewed-by', value: 'Me <me@x>' },
          { key: 'Reviewed-by', value: 'team-lead' },
          { key: 'Signed-off-by', value: 'Bob <bob@x>' },
        ],
        'me@x',
      ),
      ['Ann <ann@x>', 'team-lead'],
    );
  });
});
