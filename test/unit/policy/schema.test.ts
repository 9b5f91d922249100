import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse as parseJsonc } from 'jsonc-parser';
import {
  DEFAULT_CODEOWNERS_SETTINGS,
  DEFAULT_CONTENT_RULES,
  DEFAULT_PATH_RULES,
  DEFAULT_REQUIREMENTS,
  REQUIREMENT_KEYS,
  STARTER_POLICY,
  TIERS,
  compilePolicy,
  defaultPolicy,
  parsePolicy,
} from '../../../src/core/policy';
import { MAX_GLOB_LENGTH } from '../../../src/core/policy/globs';
import { UNKNOWN_PROVENANCE_VALUES } from '../../../src/core/policy/model';
import { CODEOWNERS_KEYS, CONTENT_RULE_KEYS, MAX_REASON_LENGTH, MAX_RULES, PATH_RULE_KEYS, RAISE_TO_TIERS, TOP_LEVEL_KEYS } from '../../../src/core/policy/parse';
import { MAX_REVIEWERS } from '../../../src/core/policy/requirements';
import { MAX_PATTERN_LENGTH } from '../../../src/core/policy/regexSafety';
import { projectRoot } from './helpers';

/** The parts of a JSON schema these tests look at. */
interface SchemaNode {
  readonly $schema?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly oneOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly maxLength?: number;
  readonly maximum?: number;
  readonly maxItems?: number;
}

const schema = JSON.parse(readFileSync(join(projectRoot(), 'schemas', 'ai-provenance.schema.json'), 'utf8')) as SchemaNode;

/** Follows `properties` by name, failing the test on a missing one. */
function prop(node: SchemaNode | undefined, ...names: string[]): SchemaNode {
  let n = node;
  for (const name of names) {
    n = n?.properties?.[name];
    assert.ok(n, `schema has no property ${names.join('.')}`);
  }
  return n!;
}

function def(name: string): SchemaNode {
  const d = schema.definitions?.[name];
  assert.ok(d, `schema has no definition ${name}`);
  return d;
}
const ajv = new Ajv({ allErrors: true });
// VS Code's completion hint; not a validation keyword.
ajv.addKeyword('defaultSnippets');
const validate = ajv.compile(schema);

/** The built-in policy spelt out as a repository file, the way a team would copy it. */
function defaultsAsFile(): unknown {
  return {
    $schema: './schemas/ai-provenance.schema.json',
    extends: 'none',
    rules: DEFAULT_PATH_RULES.map((r) => ({ id: r.id, match: r.match, ...(r.exclude.length > 0 ? { exclude: r.exclude } : {}), tier: r.tier, reason: r.reason })),
    contentRules: DEFAULT_CONTENT_RULES.map((r) => ({
      id: r.id,
      pattern: r.pattern,
      ...(r.flags ? { flags: r.flags } : {}),
      ...(r.unless ? { unless: r.unless } : {}),
      tier: r.tier,
      reason: r.reason,
    })),
    tiers: DEFAULT_REQUIREMENTS,
    unknownProvenance: 'warn',
    codeowners: DEFAULT_CODEOWNERS_SETTINGS,
  };
}

const rule = (extra: object) => ({ rules: [{ id: 'x', match: 'a/**', tier: 'low', reason: 'R.', ...extra }] });
const content = (extra: object) => ({ contentRules: [{ id: 'c', pattern: 'danger', tier: 'high', reason: 'R.', ...extra }] });

/** Rejected by the schema (editor squiggles) and by the runtime (errors, so the defaults apply). */
const BAD: readonly [string, unknown][] = [
  ['rules is not an array', { rules: {} }],
  ['unknown tier', rule({ tier: 'hgh' })],
  ['missing match', { rules: [{ id: 'x', tier: 'low', reason: 'R.' }] }],
  ['empty match list', rule({ match: [] })],
  ['negated glob', rule({ match: '!a/**' })],
  ['empty glob', rule({ match: '' })],
  ['id with spaces', rule({ id: 'bad id' })],
  ['empty reason', rule({ reason: '' })],
  ['blank reason', rule({ reason: '   ' })],
  ['reason too long', rule({ reason: 'r'.repeat(MAX_REASON_LENGTH + 1) })],
  ['reason with a line break', rule({ reason: 'Two\nlines.' })],
  ['reason with an escape sequence', rule({ reason: 'Red \u001b[31mtext.' })],
  ['glob too long', rule({ match: 'a'.repeat(MAX_GLOB_LENGTH + 1) })],
  ['extends typo', { extends: 'all' }],
  ['reviewers above the maximum', { tiers: { critical: { reviewers: MAX_REVIEWERS + 1 } } }],
  ['fractional reviewers', { tiers: { high: { reviewers: 1.5 } } }],
  ['block as a string', { tiers: { critical: { block: 'yes' } } }],
  ['unknownProvenance typo', { unknownProvenance: 'deny' }],
  ['raiseTo low', { codeowners: { raiseTo: 'low' } }],
  ['codeowners.enabled as a string', { codeowners: { enabled: 'true' } }],
  ['flag g', content({ flags: 'g' })],
  ['repeated flag', content({ flags: 'ii' })],
  ['empty pattern', content({ pattern: '' })],
  ['pattern too long', content({ pattern: 'a'.repeat(MAX_PATTERN_LENGTH + 1) })],
  ['content rule without tier', { contentRules: [{ id: 'c', pattern: 'x', reason: 'R.' }] }],
  ['disable entry not a string', { disable: [1] }],
  ['root is an array', []],
];

/** The schema rejects unknown properties (squiggles while typing); the runtime only warns, for forward compatibility. */
const UNKNOWN_PROPERTIES: readonly unknown[] = [{ tierz: {} }, rule({ note: 'x' }), content({ note: 'x' }), { tiers: { urgent: {} } }, { tiers: { high: { approvals: 1 } } }, { codeowners: { raise: 'high' } }];

/** Only the runtime can tell: these need a regex engine, a glob parser or cross-references. */
const RUNTIME_ONLY: readonly unknown[] = [
  content({ pattern: '(unclosed' }),
  content({ pattern: 'x*' }),
  rule({ match: '../outside/**' }),
  rule({ match: 'src\\app\\*.ts' }),
  { rules: [rule({}).rules[0], rule({}).rules[0]] },
  rule({ id: 'sql.drop' }),
];

describe('policy: JSON schema', () => {
  it('is a valid draft-07 schema', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.ok(ajv.validateSchema(schema));
  });

  it('accepts the built-in defaults written as a file, which the runtime reads back to the same policy', () => {
    const file = defaultsAsFile();
    assert.ok(validate(file), JSON.stringify(validate.errors));
    const parsed = parsePolicy(JSON.stringify(file, null, 2));
    assert.deepEqual(
      parsed.problems.filter((p) => p.severity === 'error'),
      [],
    );
    // Only the nested-quantifier heuristic may speak, and only as a warning.
    for (const p of parsed.problems) assert.match(p.message, /repeats a group/);
    const fromFile = compilePolicy(parsed.policy);
    const builtIn = compilePolicy(defaultPolicy());
    for (const path of ['.github/workflows/ci.yml', 'infra/main.tf', '.env.example', 'src/auth/x.ts', 'README.md', 'yarn.lock', 'k8s/secret.yaml']) {
      const a = fromFile.classify(path);
      const b = builtIn.classify(path);
      assert.equal(a.tier, b.tier, path);
      assert.deepEqual(
        a.rules.map((r) => r.id),
        b.rules.map((r) => r.id),
        path,
      );
    }
    assert.deepEqual(parsed.policy.tiers, defaultPolicy().tiers);
  });

  it('accepts the starter file and an empty object', () => {
    const starter: unknown = parseJsonc(STARTER_POLICY);
    assert.ok(validate(starter), JSON.stringify(validate.errors));
    assert.deepEqual(parsePolicy(STARTER_POLICY).problems, []);
    assert.ok(validate({}));
  });

  describe('rejects bad files, and so does the runtime', () => {
    for (const [name, file] of BAD) {
      it(name, () => {
        assert.equal(validate(file), false, 'schema accepted it');
        const parsed = parsePolicy(JSON.stringify(file));
        assert.ok(
          parsed.problems.some((p) => p.severity === 'error'),
          `runtime accepted it: ${JSON.stringify(parsed.problems)}`,
        );
        assert.equal(parsed.fellBack, true);
      });
    }
  });

  it('rejects unknown properties that the runtime only warns about', () => {
    for (const file of UNKNOWN_PROPERTIES) {
      assert.equal(validate(file), false, JSON.stringify(file));
      const parsed = parsePolicy(JSON.stringify(file));
      assert.deepEqual(
        parsed.problems.map((p) => p.severity),
        ['warning'],
        JSON.stringify(file),
      );
    }
  });

  it('leaves to the runtime what only the runtime can check', () => {
    for (const file of RUNTIME_ONLY) {
      assert.ok(validate(file), JSON.stringify(file));
      assert.equal(parsePolicy(JSON.stringify(file)).fellBack, true, JSON.stringify(file));
    }
  });

  it('describes every property (VS Code shows the descriptions as IntelliSense)', () => {
    const missing: string[] = [];
    const walk = (node: SchemaNode | undefined, path: string): void => {
      if (!node) return;
      for (const [name, value] of Object.entries(node.properties ?? {})) {
        if (typeof value.description !== 'string' || value.description.length < 10) missing.push(`${path}.${name}`);
        walk(value, `${path}.${name}`);
      }
      for (const [name, value] of Object.entries(node.definitions ?? {})) walk(value, `${path}.definitions.${name}`);
      walk(node.items, `${path}.items`);
      (node.oneOf ?? []).forEach((c, i) => walk(c, `${path}.oneOf[${i}]`));
    };
    walk(schema, '$');
    assert.deepEqual(missing, []);
    // The walk must have reached the nested rule properties for this test to mean anything.
    assert.ok(Object.keys(def('pathRule').properties ?? {}).length >= 5);
  });

  it('knows the same properties, values and limits as the runtime', () => {
    const keys = (n: SchemaNode) => Object.keys(n.properties ?? {}).sort();
    assert.deepEqual(keys(schema), [...TOP_LEVEL_KEYS].sort());
    assert.deepEqual(keys(def('pathRule')), [...PATH_RULE_KEYS].sort());
    assert.deepEqual(keys(def('contentRule')), [...CONTENT_RULE_KEYS].sort());
    assert.deepEqual(keys(prop(schema, 'codeowners')), [...CODEOWNERS_KEYS].sort());
    assert.deepEqual(keys(prop(schema, 'tiers')), [...TIERS].sort());
    for (const t of TIERS) assert.deepEqual(keys(prop(schema, 'tiers', t)), [...REQUIREMENT_KEYS].sort());
    assert.deepEqual(def('tier').enum, [...TIERS]);
    assert.deepEqual(prop(schema, 'unknownProvenance').enum, [...UNKNOWN_PROVENANCE_VALUES]);
    assert.deepEqual(prop(schema, 'codeowners', 'raiseTo').enum, [...RAISE_TO_TIERS]);
    assert.deepEqual(prop(schema, 'extends').enum, ['defaults', 'none']);
    for (const t of TIERS) assert.equal(prop(schema, 'tiers', t, 'reviewers').maximum, MAX_REVIEWERS);
    assert.equal(prop(def('contentRule'), 'pattern').maxLength, MAX_PATTERN_LENGTH);
    assert.equal(prop(def('contentRule'), 'unless').maxLength, MAX_PATTERN_LENGTH);
    assert.equal(def('glob').maxLength, MAX_GLOB_LENGTH);
    assert.equal(def('reason').maxLength, MAX_REASON_LENGTH);
    assert.equal(prop(schema, 'rules').maxItems, MAX_RULES);
    assert.equal(prop(schema, 'contentRules').maxItems, MAX_RULES);
    assert.equal(prop(schema, 'unknownProvenance').default, defaultPolicy().unknownProvenance);
    assert.equal(prop(schema, 'codeowners', 'raiseTo').default, DEFAULT_CODEOWNERS_SETTINGS.raiseTo);
    assert.equal(prop(schema, 'codeowners', 'enabled').default, DEFAULT_CODEOWNERS_SETTINGS.enabled);
    assert.equal(prop(schema, 'codeowners', 'ignoreCatchAll').default, DEFAULT_CODEOWNERS_SETTINGS.ignoreCatchAll);
    assert.deepEqual(
      prop(schema, 'disable').items?.examples,
      [...DEFAULT_PATH_RULES, ...DEFAULT_CONTENT_RULES].map((r) => r.id),
    );
  });
});
