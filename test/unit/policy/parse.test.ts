import * as assert from 'node:assert/strict';
import type { PolicyProblem } from '../../../src/core/policy';
import { DEFAULT_CONTENT_RULES, DEFAULT_PATH_RULES, compilePolicy, defaultPolicy, formatProblem, parsePolicy } from '../../../src/core/policy';

const lines = (...l: string[]) => l.join('\n');
/** `line:col severity message` for compact, exact comparisons. */
const where = (p: PolicyProblem) => `${p.line}:${p.column} ${p.severity} ${p.message}`;

describe('policy: parsePolicy', () => {
  it('accepts comments, trailing commas and a BOM, and applies repo rules after the built-ins', () => {
    const text = lines(
      '\uFEFF// top comment',
      '{',
      '  /* block */ "rules": [',
      '    { "id": "infra.all", "match": ["infra/**"], "tier": "high", "reason": "Infra.", }, // trailing comma',
      '  ],',
      '}',
    );
    const r = parsePolicy(text, 'p.json');
    assert.deepEqual(r.problems, []);
    assert.equal(r.fellBack, false);
    assert.equal(r.policy.pathRules.length, DEFAULT_PATH_RULES.length + 1);
    assert.equal(r.policy.pathRules.at(-1)?.id, 'infra.all');
    assert.equal(r.policy.pathRules.at(-1)?.source, 'repo');
  });

  it('an empty object is the defaults', () => {
    const r = parsePolicy('{}');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.policy, defaultPolicy());
  });

  it('the last matching repo rule decides, lowering or raising built-in tiers', () => {
    const r = parsePolicy(
      JSON.stringify({
        rules: [
          { id: 'infra.low', match: 'infra/**', tier: 'low', reason: 'Sandboxes.' },
          { id: 'infra.prod', match: 'infra/prod/**', tier: 'critical', reason: 'Production.' },
          { id: 'docs.sql', match: 'docs/**/*.sql', tier: 'low', reason: 'Never executed.' },
          { id: 'readme', match: '/README.md', tier: 'medium', reason: 'Front page.' },
        ],
      }),
    );
    assert.deepEqual(r.problems, []);
    const c = compilePolicy(r.policy);
    const t = (p: string) => [c.classify(p).tier, c.classify(p).decidedBy];
    assert.deepEqual(t('infra/sandbox/main.tf'), ['low', 'infra.low']);
    assert.deepEqual(t('infra/prod/main.tf'), ['critical', 'infra.prod']);
    assert.deepEqual(t('docs/examples/query.sql'), ['low', 'docs.sql']);
    assert.deepEqual(t('db/query.sql'), ['high', 'db.sql']);
    assert.deepEqual(t('README.md'), ['medium', 'readme']);
    assert.deepEqual(t('docs/README.md'), ['low', undefined]);
    // The built-in still shows in the explanation even when a repo rule overrides it.
    assert.deepEqual(
      c.classify('infra/sandbox/main.tf').rules.map((m) => m.id),
      ['iac.terraform', 'infra.low'],
    );
  });

  it('rule order decides: swapping two overlapping repo rules swaps the outcome', () => {
    const a = { id: 'a', match: 'src/**', tier: 'medium', reason: 'A.' };
    const b = { id: 'b', match: 'src/core/**', tier: 'critical', reason: 'B.' };
    const first = compilePolicy(parsePolicy(JSON.stringify({ rules: [a, b] })).policy);
    const second = compilePolicy(parsePolicy(JSON.stringify({ rules: [b, a] })).policy);
    assert.equal(first.classify('src/core/x.ts').tier, 'critical');
    assert.equal(second.classify('src/core/x.ts').tier, 'medium');
  });

  it('exclude keeps a rule off some paths', () => {
    const r = parsePolicy(JSON.stringify({ rules: [{ id: 'svc', match: 'services/**', exclude: ['**/*.md', 'services/sandbox/'], tier: 'high', reason: 'Services.' }] }));
    const c = compilePolicy(r.policy);
    assert.equal(c.classify('services/api/main.go').tier, 'high');
    assert.equal(c.classify('services/api/README.md').tier, 'low');
    assert.equal(c.classify('services/sandbox/main.go').tier, 'low');
  });

  it('extends "none" drops every built-in rule but keeps the repo rules', () => {
    const r = parsePolicy(JSON.stringify({ extends: 'none', rules: [{ id: 'x', match: '*.tf', tier: 'medium', reason: 'X.' }] }));
    assert.deepEqual(r.problems, []);
    assert.equal(r.policy.extends, 'none');
    assert.deepEqual(
      r.policy.pathRules.map((x) => x.id),
      ['x'],
    );
    assert.deepEqual(r.policy.contentRules, []);
    const c = compilePolicy(r.policy);
    assert.equal(c.classify('.github/workflows/ci.yml').tier, 'low');
    assert.equal(c.classify('infra/main.tf').tier, 'medium');
  });

  it('a repo rule with a built-in id replaces it; disable drops built-ins', () => {
    const r = parsePolicy(
      JSON.stringify({
        rules: [{ id: 'db.sql', match: 'db/**/*.sql', tier: 'medium', reason: 'Only db/ SQL runs.' }],
        contentRules: [{ id: 'sql.drop', pattern: 'DROP\\s+DATABASE', flags: 'i', tier: 'critical', reason: 'Only databases.' }],
        disable: ['deps.lockfiles', 'git.force-push'],
      }),
    );
    assert.deepEqual(r.problems, []);
    const ids = r.policy.pathRules.map((x) => x.id);
    assert.equal(ids.filter((id) => id === 'db.sql').length, 1);
    assert.ok(!ids.includes('deps.lockfiles'));
    assert.ok(!r.policy.contentRules.some((x) => x.id === 'git.force-push'));
    const c = compilePolicy(r.policy);
    assert.equal(c.classify('reports/q.sql').tier, 'low');
    assert.equal(c.classify('db/q.sql').tier, 'medium');
    assert.equal(c.classify('yarn.lock').tier, 'low');
    const sqlDrop = r.policy.contentRules.find((x) => x.id === 'sql.drop');
    assert.equal(sqlDrop?.source, 'repo');
    assert.equal(r.policy.contentRules.length, DEFAULT_CONTENT_RULES.length - 1);
  });

  it('merges tier requirements field by field and reads the other settings', () => {
    const r = parsePolicy(
      JSON.stringify({
        tiers: { critical: { block: true }, low: { editorWarning: true } },
        unknownProvenance: 'fail',
        codeowners: { raiseTo: 'high', enabled: false },
      }),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.policy.tiers.critical, { reviewers: 2, block: true, requireTrailer: true, editorWarning: true });
    assert.deepEqual(r.policy.tiers.low, { reviewers: 0, block: false, requireTrailer: false, editorWarning: true });
    assert.deepEqual(r.policy.tiers.high, defaultPolicy().tiers.high);
    assert.equal(r.policy.unknownProvenance, 'fail');
    assert.deepEqual(r.policy.codeowners, { enabled: false, raiseTo: 'high', ignoreCatchAll: true });
    assert.equal(compilePolicy(r.policy).requirements('critical').block, true);
  });

  describe('problems with exact positions; errors fall back to the defaults', () => {
    it('broken JSON', () => {
      const text = lines('{', '  "rules": [', '    { "id": "a" "match": "x" }', '  ]', '}');
      const r = parsePolicy(text, 'repo/.ai-provenance.json');
      assert.equal(r.fellBack, true);
      assert.deepEqual(r.policy, defaultPolicy());
      assert.deepEqual(r.problems.map(where), ["3:17 error JSON syntax: ',' expected"]);
      assert.equal(formatProblem(r.problems[0]!), "repo/.ai-provenance.json:3:17: error: JSON syntax: ',' expected");
      assert.equal(r.problems[0]!.offset, text.indexOf('"match"'));
    });

    it('unterminated comment and CRLF line ends', () => {
      const r = parsePolicy('{\r\n  "extends": "none"\r\n  /* never closed\r\n}');
      assert.deepEqual(r.problems.map(where), ['3:3 error JSON syntax: unterminated comment', "4:2 error JSON syntax: '}' expected"]);
    });

    it('empty file and non-object root', () => {
      assert.deepEqual(parsePolicy('  // only a comment\n').problems.map(where), ['1:1 error the file is empty; expected an object such as { "rules": [] }']);
      assert.deepEqual(parsePolicy('\n [1]').problems.map(where), ['2:2 error expected an object, found an array']);
    });

    it('wrong types', () => {
      const text = lines(
        '{',
        '  "extends": "some",',
        '  "rules": [',
        '    { "id": "ok.rule", "match": ["src/**", 42], "tier": "high", "reason": "r" },',
        '    "not a rule",',
        '    { "match": "a/**", "tier": "low" }',
        '  ],',
        '  "tiers": { "critical": { "reviewers": -1, "block": "yes" } },',
        '  "unknownProvenance": true,',
        '  "codeowners": { "raiseTo": "low" }',
        '}',
      );
      const r = parsePolicy(text);
      assert.equal(r.fellBack, true);
      assert.deepEqual(r.problems.map(where), [
        '2:14 error extends: expected one of "defaults", "none", found "some"',
        '4:44 error rules[0].match[1]: expected a glob string, found 42',
        '5:5 error rules[1]: expected a rule object, found "not a rule"',
        '6:5 error rules[2]: missing "id"',
        '6:5 error rules[2]: missing "reason" (say why these paths carry this risk)',
        '8:41 error tiers.critical.reviewers: expected an integer from 0 to 10, found -1',
        '8:54 error tiers.critical.block: expected true or false, found "yes"',
        '9:24 error unknownProvenance: expected one of "allow", "warn", "fail", found true',
        '10:30 error codeowners.raiseTo: expected one of "medium", "high", "critical", found "low"',
      ]);
    });

    it('bad globs', () => {
      const text = lines(
        '{ "rules": [',
        '  { "id": "g", "tier": "low", "reason": "r",',
        '    "match": ["src\\\\app\\\\*.ts", "../up/**", "!neg/**", "a/{b,c", ""] }',
        '] }',
      );
      const r = parsePolicy(text);
      assert.deepEqual(r.problems.map(where), [
        `3:15 error rules[0].match[0]: invalid glob "src\\app\\*.ts": use '/' between folders ('\\' escapes the next character in a glob)`,
        `3:33 error rules[0].match[1]: invalid glob "../up/**": '.' and '..' are not allowed; globs are relative to the repository root`,
        `3:45 error rules[0].match[2]: invalid glob "!neg/**": negated globs are not supported; use the rule's "exclude" or a later rule`,
        `3:56 error rules[0].match[3]: invalid glob "a/{b,c": unclosed '{'`,
        '3:66 error rules[0].match[4]: invalid glob "": empty glob',
      ]);
    });

    it('bad regular expressions and flags', () => {
      const text = lines(
        '{',
        '  "contentRules": [',
        '    { "id": "c1", "pattern": "(unclosed", "tier": "high", "reason": "r" },',
        '    { "id": "c2", "pattern": "x*", "tier": "high", "reason": "r" },',
        '    { "id": "c3", "pattern": "ok", "flags": "gi", "tier": "high", "reason": "r" },',
        `    { "id": "c4", "pattern": "${'a'.repeat(600)}", "tier": "high", "reason": "r" }`,
        '  ]',
        '}',
      );
      const r = parsePolicy(text);
      assert.deepEqual(r.problems.map(where), [
        '3:30 error contentRules[0].pattern: invalid regular expression: Unterminated group',
        '4:30 error contentRules[1].pattern: pattern matches empty text, so it would flag every line',
        "5:30 error contentRules[2].pattern: flag 'g' is not allowed (use any of 'imsu')",
        '6:30 error contentRules[3].pattern: pattern is longer than 512 characters',
      ]);
    });

    it('duplicate and cross-kind ids, reserved ids', () => {
      const text = lines(
        '{',
        '  "rules": [',
        '    { "id": "x", "match": "a", "tier": "low", "reason": "r" },',
        '    { "id": "x", "match": "b", "tier": "low", "reason": "r" },',
        '    { "id": "sql.drop", "match": "c", "tier": "low", "reason": "r" },',
        '    { "id": "codeowners", "match": "d", "tier": "low", "reason": "r" }',
        '  ]',
        '}',
      );
      assert.deepEqual(parsePolicy(text).problems.map(where), [
        '4:13 error rules[1].id: "x" is already used by rules[0]',
        '5:13 error rules[2].id: "sql.drop" is the id of a built-in content rule; pick another id',
        '6:13 error rules[3].id: "codeowners" is reserved',
      ]);
    });
  });

  describe('warnings keep the file in force', () => {
    it('unknown properties, unknown disable ids, duplicate keys, nested quantifiers', () => {
      const text = lines(
        '{',
        '  "tierz": {},',
        '  "disable": ["deps.lockfile", "no.such"],',
        '  "unknownProvenance": "warn",',
        '  "unknownProvenance": "fail",',
        '  "contentRules": [ { "id": "slow", "pattern": "(a+)+b", "tier": "low", "reason": "r", "note": 1 } ]',
        '}',
      );
      const r = parsePolicy(text);
      assert.equal(r.fellBack, false);
      assert.equal(r.policy.unknownProvenance, 'fail');
      assert.ok(r.policy.contentRules.some((c) => c.id === 'slow'));
      assert.deepEqual(r.problems.map(where), [
        '2:3 warning tierz: unknown property (ignored); did you mean "tiers"?',
        '3:15 warning disable[0]: no built-in rule has id "deps.lockfile"; did you mean "deps.lockfiles"?',
        '3:32 warning disable[1]: no built-in rule has id "no.such"',
        '5:3 warning unknownProvenance: duplicate property; the last one wins',
        '6:48 warning contentRules[0].pattern: \'(a+)+\' repeats a group that itself repeats without bound, which can make matching very slow; rewrite it without nested quantifiers',
        '6:88 warning contentRules[0].note: unknown property (ignored)',
      ]);
    });

    it('disable with extends none is pointless and says so', () => {
      const r = parsePolicy('{ "extends": "none", "disable": ["db.sql"] }');
      assert.deepEqual(r.problems.map(where), ['1:34 warning disable[0]: "db.sql" has no effect with "extends": "none"']);
    });
  });

  it('never throws, whatever the input', () => {
    const inputs = ['', '{', '}', 'null', '"str"', '{"rules": {}}', '{"rules": [null]}', '{"tiers": {"critical": 5}}', '\u0000', '{"a":1}'.repeat(1000), 'x'.repeat(1024 * 1024 + 1)];
    for (const input of inputs) {
      const r = parsePolicy(input);
      assert.ok(r.policy.pathRules.length > 0);
    }
  });
});
