import { strict as assert } from 'node:assert';
import type { AttributionSource, CommitFileInput, FileAttribution } from '../../../src/core/attribution/commitAttribution';
import { attributeCommit, attributeFile, blastRadiusOf, gitLineStarts, retireCommitted } from '../../../src/core/attribution/commitAttribution';
import { toLedgerRanges } from '../../../src/core/ledger/anchor';
import type { LedgerFile, LedgerRange } from '../../../src/core/ledger/format';
import { makeOrigin } from '../../../src/core/origin';
import { gitBlobId } from '../../../src/core/text/hash';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { ProvenanceTracker } from '../../../src/core/tracking/provenanceTracker';
import { renderTrailers } from '../../../src/core/trailers/contract';

const TEXT = ['alpha();', 'const betaValue = computeBeta();', '', 'gamma(delta);', '  epsilon();', 'zeta();', ''].join('\n');

interface Mark {
  from: number;
  to: number;
  tool?: string;
  model?: string;
  mode?: 'suggestive' | 'agentic' | 'autonomous';
}

/** A ledger for `text` with AI records over [from, to) offsets, written by the same tracker the editor uses. */
function ledgerOf(text: string, marks: Mark[], path = 'src/a.ts'): LedgerFile {
  let n = 0;
  const tracker = new ProvenanceTracker(text.length, () => `r${++n}`);
  for (const m of marks) {
    tracker.setOrigin(m.from, m.to, tracker.newRecord(makeOrigin({ tool: m.tool ?? 'claude-code', model: m.model, mode: m.mode ?? 'agentic', time: 1 }), m.to - m.from));
  }
  return {
    format: 'ai-provenance-ledger',
    version: 1,
    path,
    contentHash: gitBlobId(text),
    updated: new Date(0).toISOString(),
    writer: 'test',
    ranges: toLedgerRanges(new LineIndex(text), tracker.ranges()),
  };
}

function source(l: LedgerFile): AttributionSource {
  return { contentHash: l.contentHash, ranges: l.ranges };
}

function file(text: string, added: number[], sources: AttributionSource[], path = 'src/a.ts'): CommitFileInput {
  return { path, blob: gitBlobId(text), text, added, sources };
}

const lineOf = (text: string, needle: string): [number, number] => {
  const at = text.indexOf(needle);
  return [at, at + needle.length];
};

describe('commit attribution', () => {
  it('counts AI lines among the added lines only', () => {
    const [a0, a1] = lineOf(TEXT, 'alpha();');
    const [g0, g1] = lineOf(TEXT, 'gamma(delta);');
    const ledger = ledgerOf(TEXT, [{ from: a0, to: a1 }, { from: g0, to: g1, tool: 'copilot', mode: 'suggestive' }]);
    const result = attributeCommit({ files: [file(TEXT, [1, 2, 4], [source(ledger)])], changedPaths: ['src/a.ts'] });
    assert.equal(result.provenance.origin, 'ai-generated');
    assert.equal(result.provenance.aiLines, 2);
    assert.equal(result.provenance.addedLines, 3);
    assert.deepEqual(result.files[0]!.aiLines.map((l) => l.line), [1, 4]);
    assert.deepEqual(
      result.provenance.tools.map((t) => `${t.tool}:${t.mode}`).sort(),
      ['claude-code:agentic', 'copilot:suggestive'],
    );
  });

  it('an AI line a person also typed on is edited; all edited makes the commit ai-edited', () => {
    const at = TEXT.indexOf('delta');
    const ledger = ledgerOf(TEXT, [{ from: at, to: at + 5 }]);
    const result = attributeCommit({ files: [file(TEXT, [4], [source(ledger)])], changedPaths: ['src/a.ts'] });
    assert.equal(result.files[0]!.aiLines[0]!.edited, true);
    assert.equal(result.provenance.origin, 'ai-edited');
  });

  it('whitespace-only AI text does not make a line AI; no AI lines is human-only', () => {
    const at = TEXT.indexOf('  epsilon');
    const ledger = ledgerOf(TEXT, [{ from: at, to: at + 2 }]);
    const result = attributeCommit({ files: [file(TEXT, [5], [source(ledger)])], changedPaths: ['src/a.ts'] });
    assert.equal(result.provenance.origin, 'human-only');
    assert.equal(result.provenance.aiLines, 0);
    assert.equal(result.provenance.addedLines, 1);
    assert.deepEqual(renderTrailers(result.provenance).map((t) => t.key), ['AI-Origin', 'AI-Lines']);
  });

  it('re-anchors by line hashes when the ledger describes another version of the file', () => {
    const [b0, b1] = lineOf(TEXT, 'const betaValue = computeBeta();');
    const ledger = ledgerOf(TEXT, [{ from: b0, to: b1 }]);
    const committed = `// header added later\n${TEXT}`;
    const result = attributeCommit({ files: [file(committed, [1, 3], [source(ledger)])], changedPaths: ['src/a.ts'] });
    assert.deepEqual(result.files[0]!.aiLines.map((l) => l.line), [3]);
    assert.equal(result.provenance.aiLines, 1);
  });

  it('uses recorded positions as they are when the blob is the one the ledger describes', () => {
    // Two identical lines: hashes alone could not tell them apart; the exact positions can.
    const text = 'same();\nsame();\n';
    const ledger = ledgerOf(text, [{ from: 8, to: 15 }]);
    const result = attributeFile(file(text, [1, 2], [source(ledger)]), false);
    assert.deepEqual(result.aiLines.map((l) => l.line), [2]);
  });

  it('a higher-priority source decides the lines it covers', () => {
    const [a0, a1] = lineOf(TEXT, 'alpha();');
    const first = ledgerOf(TEXT, [{ from: a0, to: a1, tool: 'codex' }]);
    const second = ledgerOf(TEXT, [{ from: 0, to: TEXT.length, tool: 'cursor' }]);
    const result = attributeFile(file(TEXT, [1, 2], [source(first), source(second)]), false);
    assert.deepEqual(result.aiLines.map((l) => `${l.line}:${l.tool}`), ['1:codex', '2:cursor']);
  });

  it('line-level sources (notes) carry the edited verdict of the line', () => {
    const r: LedgerRange = { ...ledgerOf(TEXT, [{ from: 0, to: 8 }]).ranges[0]!, start: [0, 0], end: [1, 0], edited: true };
    const result = attributeFile(file(TEXT, [1], [{ contentHash: gitBlobId(TEXT), ranges: [r], lineLevel: true }]), false);
    assert.equal(result.aiLines[0]!.edited, true);
  });

  it('external (unclaimed) changes count only when asked', () => {
    const ledger = ledgerOf(TEXT, [{ from: 0, to: 8 }]);
    const ext = { ...ledger, ranges: ledger.ranges.map((r) => ({ ...r, kind: 'external' as const })) };
    assert.equal(attributeFile(file(TEXT, [1], [source(ext)]), false).aiLines.length, 0);
    assert.equal(attributeFile(file(TEXT, [1], [source(ext)]), true).aiLines.length, 1);
  });

  it('one Assisted-by per agent and model that is known', () => {
    const [a0, a1] = lineOf(TEXT, 'alpha();');
    const [b0, b1] = lineOf(TEXT, 'const betaValue = computeBeta();');
    const [z0, z1] = lineOf(TEXT, 'zeta();');
    const ledger = ledgerOf(TEXT, [
      { from: a0, to: a1, model: 'claude-sonnet-4' },
      { from: b0, to: b1, model: 'claude-sonnet-4' },
      { from: z0, to: z1, tool: 'copilot' },
    ]);
    const result = attributeCommit({ files: [file(TEXT, [1, 2, 6], [source(ledger)])], changedPaths: ['src/a.ts'] });
    assert.deepEqual(result.provenance.assistedBy, [{ agent: 'Claude', model: 'claude-sonnet-4', tools: ['claude-code'] }]);
  });

  it('unknown provenance keeps the blast radius and drops the counts', () => {
    const result = attributeCommit({
      files: [],
      changedPaths: ['infra/main.tf'],
      classify: () => ({ tier: 'critical', decidedBy: 'iac.terraform' }),
      unknownReason: 'state missing',
    });
    assert.deepEqual(
      renderTrailers(result.provenance).map((t) => `${t.key}: ${t.value}`),
      ['AI-Origin: unknown', 'Blast-Radius: critical (iac.terraform)'],
    );
  });

  it('blast radius: the highest tier and the rules that set it', () => {
    const tiers: Record<string, { tier: 'low' | 'medium' | 'high' | 'critical'; decidedBy: string | undefined }> = {
      'a.md': { tier: 'low', decidedBy: undefined },
      'auth/x.ts': { tier: 'high', decidedBy: 'auth' },
      'deploy/y.yml': { tier: 'high', decidedBy: 'deploy' },
      'src/z.ts': { tier: 'medium', decidedBy: 'src' },
    };
    assert.deepEqual(blastRadiusOf(Object.keys(tiers), (p) => tiers[p]!), { tier: 'high', rules: ['auth', 'deploy'] });
    assert.deepEqual(blastRadiusOf([], () => ({ tier: 'critical', decidedBy: 'x' })), { tier: 'low', rules: [] });
  });

  it('numbers lines as git does: by \\n only, with a lone \\r inside a line', () => {
    assert.deepEqual(gitLineStarts('a\nb\n'), [0, 2]);
    assert.deepEqual(gitLineStarts('a\nb'), [0, 2]);
    assert.deepEqual(gitLineStarts(''), []);
    const text = 'one\rtwo\nthree\n';
    const ledger = ledgerOf(text, [{ from: 4, to: 7 }]);
    const result = attributeFile(file(text, [1, 2], [source(ledger)]), false);
    assert.deepEqual(result.aiLines.map((l) => l.line), [1]);
  });

  it('CRLF files: the same lines as with LF', () => {
    const text = TEXT.replace(/\n/g, '\r\n');
    const [g0, g1] = lineOf(text, 'gamma(delta);');
    const result = attributeFile(file(text, [4, 5], [source(ledgerOf(text, [{ from: g0, to: g1 }]))]), false);
    assert.deepEqual(result.aiLines.map((l) => l.line), [4]);
  });
});

describe('retiring committed lines from the ledger', () => {
  const committedOf = (f: CommitFileInput): FileAttribution => attributeFile(f, false);

  it('removes exactly the committed lines and keeps the rest of each record', () => {
    const ledger = ledgerOf(TEXT, [{ from: 0, to: TEXT.length }]);
    const committed = committedOf(file(TEXT, [2, 4], [source(ledger)]));
    const next = retireCommitted(ledger, committed)!;
    const still = attributeFile(file(TEXT, [1, 2, 3, 4, 5, 6], [source(next)]), false);
    assert.deepEqual(still.aiLines.map((l) => l.line), [1, 5, 6]);
    assert.ok(next.ranges.every((r) => r.id === ledger.ranges[0]!.id));
  });

  it('matches by record and line hash when the ledger is for another text, as often as committed', () => {
    const text = 'repeatTheSameCall();\nrepeatTheSameCall();\nanotherLongerCall();\n';
    const ledger = ledgerOf(text, [{ from: 0, to: text.length }]);
    const committedText = 'repeatTheSameCall();\nsomethingElse();\n';
    const committed = committedOf({ path: 'src/a.ts', blob: gitBlobId(committedText), text: committedText, added: [1], sources: [source(ledger)] });
    const next = retireCommitted(ledger, committed)!;
    const still = attributeFile(file(text, [1, 2, 3], [source(next)]), false);
    assert.deepEqual(still.aiLines.map((l) => l.line), [2, 3]);
  });

  it('returns the same ledger when nothing was committed from it, and undefined when all was', () => {
    const ledger = ledgerOf(TEXT, [{ from: 0, to: 8 }]);
    const other = ledgerOf(TEXT, [{ from: 9, to: 16 }]);
    const committed = committedOf(file(TEXT, [1], [source(ledger)]));
    assert.equal(retireCommitted(other, { ...committed, aiLines: committed.aiLines.map((l) => ({ ...l, ids: ['nope'] })) }), other);
    assert.equal(retireCommitted(ledger, committed), undefined);
  });
});
