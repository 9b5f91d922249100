import * as assert from 'node:assert/strict';
import { MAX_BRACE_EXPANSIONS, compileGlobs, globKeys, normalizeGlob } from '../../../src/core/policy/globs';

describe('policy: globs', () => {
  const conventions: [string, string[]][] = [
    ['*.tf', ['**/*.tf']],
    ['Dockerfile', ['**/Dockerfile']],
    ['/Makefile', ['Makefile']],
    ['./infra/*.tf', ['infra/*.tf']],
    ['deploy/', ['**/deploy/**']],
    ['/deploy/', ['deploy/**']],
    ['infra/prod/', ['infra/prod/**']],
    ['*.{yml,yaml}', ['**/*.yml', '**/*.yaml']],
    ['{a,a}.txt', ['**/a.txt']],
    ['{src,lib/x}/*.ts', ['src/*.ts', 'lib/x/*.ts']],
    ['caf\u0065\u0301/', ['**/caf\u00e9/**']],
  ];
  for (const [glob, patterns] of conventions) it(`${glob} -> ${patterns.join(' ')}`, () => assert.deepEqual(normalizeGlob(glob), { patterns }));

  const errors: [string, string][] = [
    ['', 'empty glob'],
    [' a', 'glob has leading or trailing spaces'],
    ['/', 'glob matches nothing'],
    ['a//b', "empty folder name ('//') in glob"],
    ['a/./b', "'.' and '..' are not allowed; globs are relative to the repository root"],
    ['a/***', "'***' is not a glob; use '**' for any depth"],
    ['a[bc', "unclosed '['"],
    ['a}b', "unmatched '}'"],
    ['{1..9999}', 'brace ranges such as {1..9} are not supported; list the alternatives'],
    ['{a,b}'.repeat(7), `braces expand to more than ${MAX_BRACE_EXPANSIONS} alternatives`],
    ['trailing\\', "use '/' between folders ('\\' escapes the next character in a glob)"],
  ];
  for (const [glob, error] of errors) it(`rejects ${JSON.stringify(glob)}`, () => assert.deepEqual(normalizeGlob(glob), { error }));

  it('accepts escapes of glob characters and up to the expansion limit', () => {
    assert.deepEqual(normalizeGlob('weird\\*name'), { patterns: ['**/weird\\*name'] });
    assert.equal((normalizeGlob('{a,b}'.repeat(6)) as { patterns: string[] }).patterns.length, 64);
  });

  it('index keys: literal segments, a literal final extension, the longest literal run', () => {
    assert.deepEqual(globKeys('**/migrations/**'), { segments: ['migrations'], extensions: [], literal: 'migrations' });
    assert.deepEqual(globKeys('charts/**/values*.yaml'), { segments: ['charts'], extensions: ['yaml'], literal: 'charts' });
    assert.deepEqual(globKeys('**/*.[tj]s'), { segments: [], extensions: [], literal: undefined });
    assert.deepEqual(globKeys('**/*secret*'), { segments: [], extensions: [], literal: 'secret' });
    assert.deepEqual(globKeys('**/*Auth[A-Z]*.*'), { segments: [], extensions: [], literal: 'Auth' });
    assert.deepEqual(globKeys('**/+(foo|bar).ts'), { segments: [], extensions: ['ts'], literal: undefined });
  });

  it('compiled globs match like minimatch with our options', () => {
    const [dot, deep] = compileGlobs(['.github/**', 'src/**/*.ts']);
    assert.equal(dot!.match('.github/workflows/ci.yml'), true);
    assert.equal(deep!.match('src/a/b/c.ts'), true);
    assert.equal(deep!.match('src/a/b/c.tsx'), false);
    assert.throws(() => compileGlobs(['../x']), /invalid glob/);
  });
});
