import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONTENT_RULES, DEFAULT_PATH_RULES, DEFAULT_REQUIREMENTS, compilePolicy, parsePolicy } from '../../../src/core/policy';
import { contentRulesTable, pathRulesTable, requirementsTable } from '../../../src/core/policy/docsTable';
import { projectRoot } from './helpers';

const DOC = join(projectRoot(), 'docs', 'policy.md');

const SECTIONS: Readonly<Record<string, string>> = {
  'path-rules': pathRulesTable(DEFAULT_PATH_RULES),
  'content-rules': contentRulesTable(DEFAULT_CONTENT_RULES),
  requirements: requirementsTable(DEFAULT_REQUIREMENTS),
};

function region(name: string): RegExp {
  return new RegExp(`(<!-- generated:${name}:start[^>]*-->)\\n([\\s\\S]*?)\\n?(<!-- generated:${name}:end -->)`);
}

describe('policy: docs/policy.md', () => {
  it('generated tables match the built-in rules (UPDATE_POLICY_DOCS=1 rewrites them)', () => {
    let text = readFileSync(DOC, 'utf8');
    if (process.env.UPDATE_POLICY_DOCS === '1') {
      for (const [name, body] of Object.entries(SECTIONS)) text = text.replace(region(name), (_m, start: string, _old, end: string) => `${start}\n${body}\n${end}`);
      writeFileSync(DOC, text);
    }
    for (const [name, body] of Object.entries(SECTIONS)) {
      const m = region(name).exec(text);
      assert.ok(m, `docs/policy.md has no generated:${name} section`);
      assert.equal(m[2], body, `docs/policy.md section ${name} is out of date; run the unit tests with UPDATE_POLICY_DOCS=1`);
    }
  });

  it('every policy example in the docs parses without problems', () => {
    const text = readFileSync(DOC, 'utf8');
    const blocks = [...text.matchAll(/```jsonc\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(blocks.length >= 4, 'expected the docs to carry examples');
    for (const block of blocks) assert.deepEqual(parsePolicy(block).problems, [], block);
  });

  it('the worked example says what the code does', () => {
    const text = readFileSync(DOC, 'utf8');
    const first = /```jsonc\n([\s\S]*?)```/.exec(text)![1]!;
    const c = compilePolicy(parsePolicy(first).policy);
    assert.ok(text.includes('`docs/examples/report.sql` is `low`'));
    assert.equal(c.classify('docs/examples/report.sql').tier, 'low');
    assert.equal(c.classify('docs/runbooks/fix.sql').tier, 'high');
    assert.ok(text.includes('`services/ledger/main.tf` is `critical`'));
    assert.equal(c.classify('services/ledger/main.tf').tier, 'critical');
  });
});
