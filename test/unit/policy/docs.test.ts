import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONTENT_RULES, DEFAULT_PATH_RULES, DEFAULT_REQUIREMENTS, parsePolicy } from '../../../src/core/policy';
import { contentRulesTable, pathRulesTable, requirementsTable } from '../../../src/core/policy/docsTable';
import { projectRoot } from './helpers';

const DOC = join(projectRoot(), 'docs', 'policy.md');

const SECTIONS: Readonly<Record<string, string>> = {
  'path-rules': pathRulesTable(DEFAULT_PATH_RULES),
  'content-rules': contentRulesTable(DEFAULT_CONTENT_RULES),
  requirements: requirementsTable(DEFAULT_REQUIREMENTS),
};

function region(name: string): RegExp {
  return new RegExp(`(<!-- generated:${name}:start[^>]*-->\\n)([\\s\\S]*?)(\\n<!-- generated:${name}:end -->)`);
}

describe('policy: docs/policy.md', () => {
  it('generated tables match the built-in rules (UPDATE_POLICY_DOCS=1 rewrites them)', () => {
    let text = readFileSync(DOC, 'utf8');
    if (process.env.UPDATE_POLICY_DOCS === '1') {
      for (const [name, body] of Object.entries(SECTIONS)) text = text.replace(region(name), (_m, a: string, _b, c: string) => `${a}${body}${c}`);
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
});
