import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { attributeCommit } from '../../../src/core/attribution/commitAttribution';
import { toLedgerRanges } from '../../../src/core/ledger/anchor';
import { makeOrigin } from '../../../src/core/origin';
import { gitBlobId } from '../../../src/core/text/hash';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { ProvenanceTracker } from '../../../src/core/tracking/provenanceTracker';
import { renderTrailers } from '../../../src/core/trailers/contract';
import { readNote as gateReadNote } from '../../../src/gate/notes';
import { buildNote, noteSources, serializeNote } from '../../../src/git/notes';
import { HookRepo } from './helpers';

const TEXT = Array.from({ length: 6 }, (_, i) => `export const item${i} = computeTheValue(${i}, "${'x'.repeat(i)}");`).join('\n') + '\n';

describe('git notes: format', () => {
  it('an Agent Trace record with our summary; reads back as line sources', () => {
    let n = 0;
    const tracker = new ProvenanceTracker(TEXT.length, () => `r${++n}`);
    const index = new LineIndex(TEXT);
    tracker.setOrigin(index.lineStart(1), index.lineStart(3), tracker.newRecord(makeOrigin({ tool: 'claude-code', model: 'claude-sonnet-4', time: 1 }), 10));
    tracker.setOrigin(index.lineStart(4), index.lineStart(5), tracker.newRecord(makeOrigin({ tool: 'copilot', mode: 'suggestive', time: 1 }), 10));
    const blob = gitBlobId(TEXT);
    const attribution = attributeCommit({
      files: [{ path: 'src/x.ts', blob, text: TEXT, added: [1, 2, 3, 4, 5, 6], sources: [{ contentHash: blob, ranges: toLedgerRanges(index, tracker.ranges()) }] }],
      changedPaths: ['src/x.ts'],
    });
    const note = buildNote({ commit: 'c'.repeat(40), tree: 't'.repeat(40), base: 'b'.repeat(40), attribution, trailers: renderTrailers(attribution.provenance), now: new Date(0) });
    assert.equal(note.version, '0.1');
    assert.match(note.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(note.vcs, { type: 'git', revision: 'c'.repeat(40) });
    assert.deepEqual(note.files, [
      {
        path: 'src/x.ts',
        conversations: [
          { contributor: { type: 'ai', model_id: 'claude-sonnet-4' }, ranges: [{ start_line: 2, end_line: 3 }], tool: 'claude-code', mode: 'agentic' },
          { contributor: { type: 'ai' }, ranges: [{ start_line: 5, end_line: 5 }], tool: 'copilot', mode: 'suggestive' },
        ],
      },
    ]);
    assert.equal(note.origin, 'ai-generated');
    assert.equal(note.aiLines, 3);
    assert.equal(note.addedLines, 6);
    // The gate's reader understands it.
    const read = gateReadNote(serializeNote(note));
    assert.ok(read.ok);
    if (read.ok) {
      assert.equal(read.facts.origin, 'ai-generated');
      assert.deepEqual(read.facts.files.get('src/x.ts'), [[2, 3], [5, 5]]);
    }
    // And an amend can place its lines again, by line hash.
    const sources = noteSources(serializeNote(note), 'c'.repeat(40));
    const again = attributeCommit({ files: [{ path: 'src/x.ts', blob: gitBlobId(`// new first line\n${TEXT}`), text: `// new first line\n${TEXT}`, added: [1, 2, 3, 4, 5, 6, 7], sources: [sources.get('src/x.ts')!] }], changedPaths: ['src/x.ts'] });
    assert.deepEqual(again.files[0]!.aiLines.map((l) => l.line), [3, 4, 6]);
  });

  it('carries who reviewed the AI lines, and reads it back for an amend', () => {
    const tracker = new ProvenanceTracker(TEXT.length, () => 'rv');
    const index = new LineIndex(TEXT);
    const rec = tracker.newRecord(makeOrigin({ tool: 'codex', time: 1 }), 10);
    rec.reviewed = { by: 'Rita Reviewer <rita@example.com>', at: '2026-11-22T04:00:00.000Z' };
    tracker.setOrigin(index.lineStart(0), index.lineStart(2), rec);
    const blob = gitBlobId(TEXT);
    const attribution = attributeCommit({
      files: [{ path: 'src/x.ts', blob, text: TEXT, added: [1, 2, 3], sources: [{ contentHash: blob, ranges: toLedgerRanges(index, tracker.ranges()) }] }],
      changedPaths: ['src/x.ts'],
    });
    assert.deepEqual(attribution.files[0]!.aiLines.map((l) => l.reviewed?.by), ['Rita Reviewer <rita@example.com>', 'Rita Reviewer <rita@example.com>']);
    const note = buildNote({ commit: 'c'.repeat(40), tree: 't'.repeat(40), base: undefined, attribution, trailers: renderTrailers(attribution.provenance), now: new Date(0) });
    assert.deepEqual(note.files[0]!.conversations[0]!.reviewed, rec.reviewed);
    const back = noteSources(serializeNote(note), 'c'.repeat(40)).get('src/x.ts')!;
    assert.deepEqual(back.ranges[0]!.reviewed, rec.reviewed);
  });

  it('ignores what it cannot read', () => {
    assert.equal(noteSources('not json').size, 0);
    assert.equal(noteSources('{"files": [{"path": "a", "conversations": [{"contributor": {"type": "ai"}, "ranges": [{"start_line": 1, "end_line": 2}]}]}]}').size, 0);
  });
});

describe('post-commit: notes and the ledger', function () {
  this.timeout(120_000);
  let repo: HookRepo;
  beforeEach(() => {
    repo = new HookRepo({ prefix: 'aip-notes-' });
    repo.write('src/x.ts', 'export const base = 0;\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.install();
  });
  afterEach(() => repo.dispose());

  it('writes the note of each commit and hands over exactly the committed lines', async () => {
    repo.write('src/x.ts', `export const base = 0;\n${TEXT}`);
    repo.mark('src/x.ts', '2-7', 'claude-code', 'claude-sonnet-4');
    // Stage only the first three added lines.
    const staged = `export const base = 0;\n${TEXT.split('\n').slice(0, 3).join('\n')}\n`;
    const blob = repo.run(['hash-object', '-w', '--stdin'], { input: staged }).stdout.trim();
    repo.git('update-index', '--cacheinfo', `100644,${blob},src/x.ts`);
    repo.git('commit', '-q', '-m', 'Half');
    assert.deepEqual(repo.ours().slice(0, 2), ['AI-Origin: ai-generated', 'AI-Lines: 3/3']);
    await repo.idle();
    const note = repo.note()!;
    assert.equal((note.vcs as { revision: string }).revision, repo.git('rev-parse', 'HEAD').trim());
    assert.equal(note.aiLines, 3);
    const ledgerDir = join(repo.gitCommonDir(), 'ai-provenance', 'ledger', 'main');
    const ledger = readFileSync(join(ledgerDir, readdirSync(ledgerDir).find((f) => f.endsWith('.json'))!), 'utf8');
    const ranges = (JSON.parse(ledger) as { ranges: { start: [number, number] }[] }).ranges;
    // What is left pending: the three lines not committed (lines 5-7 of the file, 0-based 4..6).
    assert.deepEqual(ranges.map((r) => r.start[0]), [4]);
    repo.git('commit', '-qam', 'The rest');
    assert.deepEqual(repo.ours().slice(0, 2), ['AI-Origin: ai-generated', 'AI-Lines: 3/3']);
    await repo.idle();
    assert.equal(repo.note()!.aiLines, 3);
  });

  it('rebase copies the notes to the rewritten commits; amend writes a new one', async () => {
    repo.write('src/x.ts', `export const base = 0;\n${TEXT}`);
    repo.mark('src/x.ts', '2-4', 'codex');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'AI work');
    await repo.idle();
    const before = repo.note()!;
    repo.git('checkout', '-q', '-b', 'other', 'HEAD~1');
    repo.write('other.txt', 'o\n');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'Other');
    await repo.idle();
    repo.git('checkout', '-q', 'main');
    repo.run(['rebase', '-q', 'other']);
    await repo.idle();
    const after = repo.note()!;
    assert.equal((after.vcs as { revision: string }).revision, repo.git('rev-parse', 'HEAD').trim());
    assert.deepEqual(after.files, before.files);
    repo.git('commit', '-q', '--amend', '-m', 'AI work, amended');
    await repo.idle();
    const amended = repo.note()!;
    assert.equal(amended.aiLines, 3);
    assert.equal((amended.vcs as { revision: string }).revision, repo.git('rev-parse', 'HEAD').trim());
  });

  it('the flusher runs one at a time and catches up with everything queued', async () => {
    for (let i = 0; i < 5; i++) {
      repo.write('src/x.ts', `export const base = 0;\n${TEXT.split('\n').slice(0, i + 1).join('\n')}\n`);
      repo.mark('src/x.ts', `${i + 2}`, 'cursor');
      repo.git('commit', '-qam', `c${i}`);
    }
    await repo.idle();
    for (let i = 0; i < 5; i++) assert.ok(repo.note(`HEAD~${i}`), `note of HEAD~${i}`);
  });
});
