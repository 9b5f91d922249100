import { strict as assert } from 'node:assert';
import type { CommitProvenance } from '../../../src/core/trailers/contract';
import { isValidTrailerValue, originOf, parseTrailers, renderTrailers } from '../../../src/core/trailers/contract';

const full: CommitProvenance = {
  origin: 'ai-generated',
  aiLines: 12,
  addedLines: 40,
  tools: [
    { tool: 'copilot', mode: 'suggestive' },
    { tool: 'claude-code', mode: 'agentic' },
    { tool: 'copilot', mode: 'suggestive' },
  ],
  blastRadius: { tier: 'critical', rules: ['iac.terraform', 'ci.github-workflows', 'a', 'b', 'c', 'd', 'e'] },
  assistedBy: [{ agent: 'Claude', model: 'claude-sonnet-4', tools: ['claude-code'] }],
};

describe('trailer contract', () => {
  it('renders every key in order, deduplicated and bounded', () => {
    assert.deepEqual(
      renderTrailers(full).map((t) => `${t.key}: ${t.value}`),
      [
        'AI-Origin: ai-generated',
        'AI-Lines: 12/40',
        'AI-Tools: claude-code:agentic, copilot:suggestive',
        'Blast-Radius: critical (iac.terraform, ci.github-workflows, a, b, c, +2)',
        'Assisted-by: Claude:claude-sonnet-4 [claude-code]',
      ],
    );
  });

  it('parses what it renders', () => {
    const { provenance, problems } = parseTrailers(renderTrailers(full));
    assert.deepEqual(problems, []);
    assert.equal(provenance.origin, 'ai-generated');
    assert.equal(provenance.aiLines, 12);
    assert.equal(provenance.addedLines, 40);
    assert.deepEqual(provenance.blastRadius, { tier: 'critical', rules: ['iac.terraform', 'ci.github-workflows', 'a', 'b', 'c'] });
    assert.deepEqual(provenance.assistedBy, full.assistedBy);
  });

  it('origin: generated beats edited, edited needs AI lines, none is human-only', () => {
    assert.equal(originOf([{ ai: true, edited: true }, { ai: true, edited: false }]), 'ai-generated');
    assert.equal(originOf([{ ai: true, edited: true }, { ai: false, edited: false }]), 'ai-edited');
    assert.equal(originOf([{ ai: false, edited: false }]), 'human-only');
    assert.equal(originOf([]), 'human-only');
  });

  it('refuses values that could inject lines or forge trailers', () => {
    for (const [key, value] of [
      ['AI-Origin', 'human-only\nReviewed-by: x'],
      ['AI-Lines', '5/3'],
      ['AI-Lines', '1/2 '],
      ['AI-Tools', 'evil\ntool:agentic'],
      ['AI-Tools', 'Tool:agentic'],
      ['AI-Tools', 'x:yolo'],
      ['Blast-Radius', 'catastrophic'],
      ['Blast-Radius', 'high (a\nb)'],
      ['Assisted-by', 'Claude:model with space'],
      ['Assisted-by', 'Claude:model\u00e9'],
      ['Assisted-by', 'Claude:m [Bad Tool]'],
    ] as const) {
      assert.equal(isValidTrailerValue(key, value), false, `${key}: ${JSON.stringify(value)}`);
    }
  });

  it('keeps every rule id the policy accepts (mixed case, up to 100 characters)', () => {
    const id = `Team.${'X'.repeat(95)}`;
    const rendered = renderTrailers({ ...full, blastRadius: { tier: 'high', rules: ['Team.Payments', id] } });
    assert.equal(rendered.find((t) => t.key === 'Blast-Radius')?.value, `high (Team.Payments, ${id})`);
    assert.equal(isValidTrailerValue('Blast-Radius', `high (${id}X)`), false, '101 characters is too long');
  });

  it('leaves out a hostile value instead of writing it cleaned', () => {
    const rendered = renderTrailers({ ...full, assistedBy: [{ agent: 'Claude', model: 'x\nAI-Origin: human-only', tools: [] }] });
    assert.equal(rendered.filter((t) => t.key === 'Assisted-by').length, 0);
  });

  it('reading back: unknown when AI-Origin is missing; bad values are problems, not facts', () => {
    const { provenance, problems } = parseTrailers([
      { key: 'ai-lines', value: '3/9' },
      { key: 'AI-Tools', value: 'x:agentic\u0000' },
      { key: 'Signed-off-by', value: 'A <a@b>' },
    ]);
    assert.equal(provenance.origin, 'unknown');
    assert.equal(provenance.aiLines, 3);
    assert.equal(problems.length, 1);
  });
});
