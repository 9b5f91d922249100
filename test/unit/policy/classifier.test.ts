import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { Minimatch } from 'minimatch';
import type { Policy, Tier } from '../../../src/core/policy';
import { TIERS, compareTiers, compilePolicy, defaultPolicy, isTier, maxTier, normalizeRepoPath, parsePolicy, tierAtLeast, tierRank } from '../../../src/core/policy';
import { GLOB_OPTIONS, compileGlobs, normalizeGlob } from '../../../src/core/policy/globs';
import { PathIndex, splitPath } from '../../../src/core/policy/pathIndex';
import { LruCache } from '../../../src/core/policy/lru';

describe('policy: tiers', () => {
  it('orders low < medium < high < critical', () => {
    assert.deepEqual(
      TIERS.map((t) => tierRank(t)),
      [0, 1, 2, 3],
    );
    assert.deepEqual(['critical', 'low', 'high', 'medium'].sort((a, b) => compareTiers(a as Tier, b as Tier)), ['low', 'medium', 'high', 'critical']);
    assert.equal(maxTier(), 'low');
    assert.equal(maxTier('medium', undefined, 'high', 'low'), 'high');
    assert.equal(tierAtLeast('high', 'medium'), true);
    assert.equal(tierAtLeast('medium', 'high'), false);
    assert.equal(isTier('critical'), true);
    assert.equal(isTier('toString'), false);
  });
});

describe('policy: path normalisation', () => {
  const cases: [string, string][] = [
    ['src/a.ts', 'src/a.ts'],
    ['./src/a.ts', 'src/a.ts'],
    ['src\\auth\\login.ts', 'src/auth/login.ts'],
    ['.\\infra\\main.tf', 'infra/main.tf'],
    ['src//a///b.ts', 'src/a/b.ts'],
    ['src/./a/../b.ts', 'src/b.ts'],
    ['/abs/like.ts', 'abs/like.ts'],
    ['dir/', 'dir'],
    ['../outside.tf', '../outside.tf'],
    ['a/../../outside.tf', '../outside.tf'],
    ['.env', '.env'],
    ['my folder/the file.ts', 'my folder/the file.ts'],
    ['caf\u0065\u0301/x.ts', 'caf\u00e9/x.ts'],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => assert.equal(normalizeRepoPath(input), expected));
});

describe('policy: classification', () => {
  const policy = parsePolicy(
    JSON.stringify({
      rules: [
        { id: 'spaces', match: 'my folder/**', tier: 'high', reason: 'Spaces.' },
        { id: 'unicode', match: 'café/**', tier: 'medium', reason: 'Unicode.' },
        { id: 'dots', match: '.config/**', tier: 'medium', reason: 'Dot folder.' },
      ],
    }),
  ).policy;
  const c = compilePolicy(policy);

  it('handles strange names: spaces, unicode in either normal form, leading dots, backslashes, ..', () => {
    assert.equal(c.classify('my folder/the file.ts').tier, 'high');
    assert.equal(c.classify('caf\u00e9/x.ts').tier, 'medium');
    assert.equal(c.classify('caf\u0065\u0301/x.ts').tier, 'medium');
    assert.equal(c.classify('.config/app.json').tier, 'medium');
    assert.equal(c.classify('infra\\prod\\main.tf').tier, 'critical');
    assert.equal(c.classify('./infra/../infra/main.tf').tier, 'critical');
    assert.equal(c.classify('src/auth/ünïcode file.ts').tier, 'high');
    assert.equal(c.classify('src/auth/ünïcode file.ts').path, 'src/auth/ünïcode file.ts');
  });

  it('paths outside the repository and empty paths are low with no rules', () => {
    for (const p of ['../main.tf', '..', '', '.', './']) {
      const r = c.classify(p);
      assert.equal(r.tier, 'low', p);
      assert.deepEqual(r.rules, []);
    }
  });

  it('cached and uncached classifications agree', () => {
    const cold = compilePolicy(policy, { cacheSize: 0 });
    const small = compilePolicy(policy, { cacheSize: 3 });
    const paths = ['infra/main.tf', 'README.md', 'src\\auth\\x.ts', 'my folder/a', 'infra/main.tf', '.env', 'README.md', 'infra/main.tf'];
    for (const p of paths) {
      assert.deepEqual(small.classify(p), cold.classify(p), p);
      assert.deepEqual(small.classify(p), cold.classify(p), `${p} (second time)`);
    }
  });

  it('requirements come from the policy', () => {
    assert.deepEqual(c.requirements('critical'), policy.tiers.critical);
    assert.equal(c.requirements('low').reviewers, 0);
  });

  describe('the path index finds exactly what testing every glob would find', () => {
    /** Brute force: every rule, every glob, through minimatch directly (no index). */
    function bruteForce(p: Policy): (path: string) => string[] {
      const compile = (globs: readonly string[]) => globs.flatMap((g) => (normalizeGlob(g) as { patterns: string[] }).patterns.map((pat) => new Minimatch(pat, GLOB_OPTIONS)));
      const rules = p.pathRules.map((r) => ({ id: r.id, match: compile(r.match), exclude: compile(r.exclude) }));
      return (path) => rules.filter((r) => r.match.some((m) => m.match(path)) && !r.exclude.some((m) => m.match(path))).map((r) => r.id);
    }
    // Names from the built-in globs, plus near misses and noise, so random paths hit rules often.
    const segment = fc.oneof(
      fc.constantFrom(
        '.github', 'workflows', 'actions', 'infra', 'main.tf', 'x.tfvars', 'k8s', 'charts', 'values.yaml', 'migrations', 'db', 'migrate',
        'Dockerfile', 'Dockerfile.prod', 'docker-compose.yml', '.env', '.env.example', 'prod.env', 'secrets', 'my-secret.txt', 'auth',
        'useAuth.ts', 'Author.ts', 'billing', 'stripeClient.ts', 'package.json', 'yarn.lock', 'schema.prisma', 'q.sql', 'V1__a.sql',
        'deploy', 'deploy.sh', 'CODEOWNERS', '.ai-provenance.json', 'src', 'README.md', 'x.ts', 'iam', 'policy.json', 'Makefile',
        'template.yaml', 'Pulumi.dev.yaml', 'api-stack.ts', 'rbac.yaml', '.husky', 'vendor', 'tsconfig.json', 'crypto', 'a.pem',
      ),
      // `.` and `..` are normalised away before matching; the normalisation has its own tests.
      fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}$/).filter((s) => s !== '.' && s !== '..'),
    );
    const repo = parsePolicy(
      JSON.stringify({
        rules: [
          { id: 'r.svc', match: 'services/*/config/**', tier: 'high', reason: 'R.' },
          { id: 'r.low', match: ['**/*.md', 'docs/'], exclude: 'docs/security/**', tier: 'low', reason: 'R.' },
          { id: 'r.brace', match: '{infra,ops}/**/*.{tf,sh}', tier: 'medium', reason: 'R.' },
          { id: 'r.class', match: 'src/[a-c]*/**', tier: 'medium', reason: 'R.' },
          { id: 'r.ext', match: '+(foo|bar).ts', tier: 'medium', reason: 'R.' },
        ],
      }),
    ).policy;

    for (const [name, p] of [
      ['defaults', defaultPolicy()],
      ['defaults + repo rules', repo],
    ] as const) {
      it(name, () => {
        const compiled = compilePolicy(p, { cacheSize: 0 });
        const expected = bruteForce(p);
        fc.assert(
          fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segs) => {
            const path = segs.join('/');
            assert.deepEqual(
              compiled.classify(path).rules.map((r) => r.id),
              expected(path),
              path,
            );
          }),
          { numRuns: 3000 },
        );
      });
    }
  });
});

describe('policy: path index', () => {
  /** One owner per glob, so the result says which globs matched. */
  function index(globs: readonly string[]): (path: string) => readonly number[] {
    const entries = globs.flatMap((g, owner) => compileGlobs([g]).map((c) => ({ owner, keys: c.keys, matches: (p: string) => c.match(p) })));
    const idx = new PathIndex(entries, globs.length);
    return (path) => [...idx.matchingOwners(splitPath(path))];
  }

  it('finds overlapping and nested literals in one scan', () => {
    const find = index(['*pay*', '*payment*', '*ment*', '*aym*', '*xyz*']);
    assert.deepEqual(find('src/payments.ts'), [0, 1, 2, 3]);
    assert.deepEqual(find('src/pay.ts'), [0]);
    assert.deepEqual(find('src/moment.ts'), [2]);
    assert.deepEqual(find('src/other.ts'), []);
  });

  it('files globs under segments, extensions and literals, and reports each owner once', () => {
    const globs = ['**/migrations/**', '*.sql', '*secret*', '**', 'migrations/**/*.sql'];
    const find = index(globs);
    assert.deepEqual(find('db/migrations/001.sql'), [0, 1, 3]);
    assert.deepEqual(find('migrations/migrations/my-secret.sql'), [0, 1, 2, 3, 4]);
    assert.deepEqual(find('README.md'), [3]);
    const entries = globs.flatMap((g, owner) => compileGlobs([g]).map((c) => ({ owner, keys: c.keys, matches: (p: string) => c.match(p) })));
    assert.deepEqual(new PathIndex(entries, globs.length).stats(), { segmentKeys: 1, extensionKeys: 1, literals: 1, always: 1 });
  });
});

describe('policy: LRU cache', () => {
  it('evicts the least recently used entry', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1);
    lru.set('c', 3);
    assert.equal(lru.get('b'), undefined);
    assert.equal(lru.get('a'), 1);
    assert.equal(lru.get('c'), 3);
    assert.equal(lru.size, 2);
  });

  it('stores nothing with capacity 0', () => {
    const lru = new LruCache<string, number>(0);
    lru.set('a', 1);
    assert.equal(lru.get('a'), undefined);
  });
});
