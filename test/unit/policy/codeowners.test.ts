import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as fc from 'fast-check';
import type { ReadFile } from '../../../src/core/policy';
import { CodeownersMatcher, compilePolicy, defaultPolicy, loadPolicy, parseCodeowners, parsePolicy } from '../../../src/core/policy';
import { codeownersRegex } from '../../../src/core/policy/codeowners';

/**
 * GitHub's documented CODEOWNERS semantics (gitignore-like, with GitHub's exceptions):
 * [pattern, path, owned?].
 */
const SEMANTICS: readonly [string, string, boolean][] = [
  // A bare name matches a file or folder of that name at any depth, and what is below it.
  ['apps', 'apps/web/index.ts', true],
  ['apps', 'src/apps/x.ts', true],
  ['apps', 'apps', true],
  ['apps', 'apps.ts', false],
  // Trailing slash: only what is below a folder of that name, at any depth.
  ['apps/', 'apps', false],
  ['apps/', 'src/apps/x/y.ts', true],
  // Leading slash anchors at the root.
  ['/docs/', 'docs/a/b.md', true],
  ['/docs/', 'src/docs/a.md', false],
  ['/build/logs/', 'build/logs/x.log', true],
  // A pattern with an inner slash is anchored too.
  ['docs/api', 'docs/api/index.md', true],
  ['docs/api', 'site/docs/api/index.md', false],
  // `docs/*` owns direct children only (GitHub differs from gitignore here).
  ['docs/*', 'docs/getting-started.md', true],
  ['docs/*', 'docs/build-app/troubleshooting.md', false],
  // Extensions at any depth.
  ['*.js', 'index.js', true],
  ['*.js', 'src/deep/app.js', true],
  ['*.js', 'src/app.jsx', false],
  // `**`.
  ['**/logs', 'deploy/logs/x.log', true],
  ['**/logs', 'logs/x.log', true],
  ['src/**/test', 'src/a/b/test/x.ts', true],
  ['src/**/test', 'src/test/x.ts', true],
  ['src/**/test', 'lib/src/test/x.ts', false],
  ['/scripts/**', 'scripts/a/b.sh', true],
  // Wildcards stay within a segment.
  ['/src/*.ts', 'src/a.ts', true],
  ['/src/*.ts', 'src/sub/a.ts', false],
  ['f?o', 'foo', true],
  ['f?o', 'fo', false],
  // Escapes and spaces.
  ['f\\*o', 'f*o', true],
  ['f\\*o', 'foo', false],
  ['my dir/', 'my dir/a.txt', true],
  // Catch-alls.
  ['*', 'a/b/c.txt', true],
  ['/*', 'top.txt', true],
  ['/*', 'a/b.txt', false],
];

describe('policy: CODEOWNERS', () => {
  describe('pattern semantics', () => {
    for (const [pattern, path, owned] of SEMANTICS) {
      it(`${pattern} ${owned ? 'owns' : 'does not own'} ${path}`, () => {
        assert.equal(codeownersRegex(pattern).test(path), owned);
        const text = `${pattern.replace(/ /g, '\\ ')} @owner\n`;
        const matcher = new CodeownersMatcher(parseCodeowners(text, 'CODEOWNERS').codeowners);
        assert.equal(matcher.match(path)?.owners[0] === '@owner', owned);
      });
    }
  });

  it('parses owners, comments, GitLab sections, escaped spaces and un-owning lines', () => {
    const text = [
      '# Global owners',
      '*       @org/everyone',
      '',
      '[Backend] @org/backend',
      '^[Optional docs]',
      '/services/api/   @alice @org/api-team  # inline comment',
      'my\\ folder/      bob@example.com',
      '/services/api/generated/',
      '!negated @x',
      'src/[ab].ts @y',
      'lib/ not-an-owner @ok',
    ].join('\n');
    const { codeowners, problems } = parseCodeowners(text, '.github/CODEOWNERS');
    assert.deepEqual(
      codeowners.entries.map((e) => [e.pattern, e.owners, e.line, e.catchAll]),
      [
        ['*', ['@org/everyone'], 2, true],
        ['/services/api/', ['@alice', '@org/api-team'], 6, false],
        ['my folder/', ['bob@example.com'], 7, false],
        ['/services/api/generated/', [], 8, false],
        ['lib/', ['@ok'], 11, false],
      ],
    );
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`),
      [
        "9:1 warning negation ('!negated') is not supported in CODEOWNERS; line skipped",
        "10:1 warning pattern 'src/[ab].ts' is not supported in CODEOWNERS (no '[...]' ranges, no '***', not empty); line skipped",
        "11:6 warning 'not-an-owner' is not an owner (@user, @org/team or an email address); ignored",
      ],
    );
  });

  it('the last matching entry wins, including one with no owners', () => {
    const { codeowners } = parseCodeowners('/services/api/ @alice\n/services/api/generated/\n*.md @docs\n', 'CODEOWNERS');
    const m = new CodeownersMatcher(codeowners);
    assert.deepEqual(m.match('services/api/handler.go')?.owners, ['@alice']);
    assert.deepEqual(m.match('services/api/generated/types.go')?.owners, []);
    assert.deepEqual(m.match('services/api/README.md')?.owners, ['@docs']);
    assert.equal(m.match('other/file.go'), undefined);
  });

  it('the indexed matcher agrees with testing every entry in order', () => {
    const patterns = ['*', '*.md', '/docs/', 'apps/', '/services/api/', '**/logs', 'src/**/test', 'docs/*', 'Makefile', '/build/', 'f?o', '*.min.js', 'lib'];
    const segment = fc.constantFrom('docs', 'apps', 'services', 'api', 'logs', 'src', 'test', 'a', 'foo', 'fxo', 'lib', 'build', 'Makefile', 'x.md', 'y.min.js', 'z.js', '.hidden');
    fc.assert(
      fc.property(fc.shuffledSubarray(patterns, { minLength: 1 }), fc.array(segment, { minLength: 1, maxLength: 6 }), (chosen, segs) => {
        const text = chosen.map((p, i) => `${p} @o${i}`).join('\n');
        const { codeowners } = parseCodeowners(text, 'CODEOWNERS');
        const path = segs.join('/');
        let expected: string | undefined;
        for (const e of codeowners.entries) if (codeownersRegex(e.pattern).test(path)) expected = e.owners[0];
        assert.equal(new CodeownersMatcher(codeowners).match(path)?.owners[0], expected);
      }),
      { numRuns: 500 },
    );
  });

  describe('raising tiers', () => {
    const codeowners = parseCodeowners('*  @org/all\n/services/ledger/ @org/ledger\n/docs/ @org/docs\n', '.github/CODEOWNERS').codeowners;

    it('owned paths are raised to raiseTo; catch-all entries are ignored by default', () => {
      const c = compilePolicy(defaultPolicy(), { codeowners });
      const pay = c.classify('services/ledger/main.go');
      assert.equal(pay.tier, 'medium');
      assert.equal(pay.decidedBy, 'codeowners');
      assert.deepEqual(pay.rules.at(-1), {
        id: 'codeowners',
        tier: 'medium',
        reason: 'Owned by @org/ledger (.github/CODEOWNERS:2)',
        source: 'codeowners',
      });
      assert.equal(c.classify('src/utils/format.ts').tier, 'low', 'only the * entry owns it');
    });

    it('never lowers a higher tier', () => {
      const c = compilePolicy(defaultPolicy(), { codeowners });
      const tf = c.classify('services/ledger/main.tf');
      assert.equal(tf.tier, 'critical');
      assert.equal(tf.decidedBy, 'iac.terraform');
      assert.ok(tf.rules.some((r) => r.id === 'codeowners'));
    });

    it('is configurable: raiseTo, ignoreCatchAll, enabled', () => {
      const high = compilePolicy(parsePolicy('{"codeowners": {"raiseTo": "high"}}').policy, { codeowners });
      assert.equal(high.classify('docs/index.md').tier, 'high');
      const all = compilePolicy(parsePolicy('{"codeowners": {"ignoreCatchAll": false}}').policy, { codeowners });
      assert.equal(all.classify('src/utils/format.ts').tier, 'medium');
      const off = compilePolicy(parsePolicy('{"codeowners": {"enabled": false}}').policy, { codeowners });
      assert.equal(off.classify('services/ledger/main.go').tier, 'low');
      assert.equal(off.codeowners, undefined);
    });

    it('raises above a repo rule that lowered the path', () => {
      const p = parsePolicy('{"rules": [{"id": "docs", "match": "docs/", "tier": "low", "reason": "Docs."}]}').policy;
      const c = compilePolicy(p, { codeowners });
      assert.equal(c.classify('docs/index.md').tier, 'medium');
    });
  });

  describe('loadPolicy finds CODEOWNERS', () => {
    const reader =
      (files: Record<string, string>): ReadFile =>
      (abs) =>
        Promise.resolve(files[abs]);
    const root = join('/', 'repo');

    it('prefers .github/ over the root over docs/', async () => {
      const files = {
        [join(root, 'CODEOWNERS')]: '/root/ @root',
        [join(root, '.github', 'CODEOWNERS')]: '/gh/ @gh',
        [join(root, 'docs', 'CODEOWNERS')]: '/docs/ @docs',
      };
      const loaded = await loadPolicy(root, reader(files));
      assert.equal(loaded.codeowners?.file, '.github/CODEOWNERS');
      delete files[join(root, '.github', 'CODEOWNERS')];
      assert.equal((await loadPolicy(root, reader(files))).codeowners?.file, 'CODEOWNERS');
      delete files[join(root, 'CODEOWNERS')];
      assert.equal((await loadPolicy(root, reader(files))).codeowners?.file, 'docs/CODEOWNERS');
    });

    it('does not read CODEOWNERS when disabled, and reports its warnings with the absolute file', async () => {
      const read: string[] = [];
      const files: Record<string, string> = {
        [join(root, '.ai-provenance.json')]: '{"codeowners": {"enabled": false}}',
        [join(root, 'CODEOWNERS')]: '!x @y',
      };
      const r1 = await loadPolicy(root, (abs) => {
        read.push(abs);
        return Promise.resolve(files[abs]);
      });
      assert.equal(r1.codeowners, undefined);
      assert.deepEqual(read, [join(root, '.ai-provenance.json')]);
      delete files[join(root, '.ai-provenance.json')];
      const r2 = await loadPolicy(root, reader(files));
      assert.equal(r2.problems.length, 1);
      assert.equal(r2.problems[0]!.file, join(root, 'CODEOWNERS'));
      assert.equal(r2.problems[0]!.severity, 'warning');
    });

    it('turns read failures into problems instead of rejecting', async () => {
      const failing: ReadFile = () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
      const loaded = await loadPolicy(root, failing);
      assert.equal(loaded.fellBack, true);
      assert.deepEqual(loaded.policy, defaultPolicy());
      assert.match(loaded.problems[0]!.message, /cannot read: EACCES/);
    });
  });
});
