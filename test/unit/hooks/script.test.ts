import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import type { HooksLayout } from '../../../src/git/hooks/layout';
import { decideInstall, managerAdvice, managerLine, parseGitVersion, versionAtLeast } from '../../../src/git/hooks/layout';
import { HOOK_NAMES, compactAwk, parseHookScript, renderHookScript, shQuote, shUnquote } from '../../../src/git/hooks/script';
import { TRAILER_AWK } from '../../../src/git/hooks/trailerAwk';

const base: HooksLayout = { gitVersion: [2, 39, 5], hooksDir: '/r/.git/hooks', hooksDirShared: false, huskyRunner: false };

describe('hook script text', () => {
  it('records the runtime and CLI quoted for sh, and reads them back', () => {
    const node = "/opt/Visual Studio Code/it's \"here\"/node";
    const cli = '/home/u/.vscode/extensions/x $HOME `id`/dist/cli.js';
    for (const hook of HOOK_NAMES) {
      const text = renderHookScript({ hook, node, cli, chain: 'file' });
      assert.deepEqual(parseHookScript(text), { hook, version: 1, chain: 'file', node, cli });
      assert.ok(text.startsWith('#!/bin/sh\n'));
      // The assignment is inert: sh prints the same path back.
      const r = spawnSync('sh', ['-c', `${text.split('\n').find((l) => l.startsWith('AIP_CLI='))}; printf '%s' "$AIP_CLI"`], { encoding: 'utf8' });
      assert.equal(r.stdout, cli);
    }
  });

  it('refuses relative paths and line breaks', () => {
    assert.throws(() => renderHookScript({ hook: 'commit-msg', node: 'node', cli: '/x/cli.js', chain: 'none' }));
    assert.throws(() => renderHookScript({ hook: 'commit-msg', node: '/usr/bin/node', cli: '/x/\ncli.js', chain: 'none' }));
  });

  it('is POSIX sh that dash and bash --posix both accept', () => {
    for (const hook of HOOK_NAMES) {
      for (const chain of ['none', 'file', 'husky'] as const) {
        const text = renderHookScript({ hook, node: '/usr/bin/node', cli: '/x/cli.js', chain });
        for (const shell of [['dash', '-n'], ['bash', '--posix', '-n']]) {
          const r = spawnSync(shell[0]!, shell.slice(1), { input: text, encoding: 'utf8' });
          assert.equal(r.status, 0, `${shell.join(' ')} ${hook} ${chain}: ${r.stderr}`);
        }
      }
    }
  });

  it('the awk program has no single quote and parses in awk', () => {
    assert.equal(TRAILER_AWK.includes("'"), false);
    const r = spawnSync('awk', [`${compactAwk()}\nBEGIN { exit 0 }`], { input: '', encoding: 'utf8', env: { ...process.env, AIP_MSG: '/nonexistent' } });
    assert.equal(r.status, 0, r.stderr);
  });

  it('sh quoting round-trips', () => {
    for (const s of ['', "'", "a'b'c", ' spaced ', '$(x)', '\\n']) assert.equal(shUnquote(shQuote(s)), s);
    assert.equal(shUnquote("'a'b'"), undefined);
  });

  it('parseHookScript ignores other hooks', () => {
    assert.equal(parseHookScript('#!/bin/sh\necho hi\n'), undefined);
    assert.equal(parseHookScript('#!/usr/bin/env sh\n. "$(dirname "$0")/h"'), undefined);
  });
});

describe('where hooks are installed', () => {
  it('git >= 2.54 uses config-based hooks, whatever else is there', () => {
    assert.deepEqual(decideInstall({ ...base, gitVersion: [2, 54, 0] }), { method: 'config' });
    assert.deepEqual(decideInstall({ ...base, gitVersion: [3, 0, 0], hooksPath: { value: '~/.hooks', scope: 'global' }, manager: 'husky' }), { method: 'config' });
    assert.equal(decideInstall({ ...base, gitVersion: [2, 53, 9] }).method, 'hooks-dir');
  });

  it('never writes into a global or system hooks dir', () => {
    for (const scope of ['global', 'system', 'command', 'unknown'] as const) {
      const d = decideInstall({ ...base, hooksPath: { value: '/etc/git-hooks', scope } });
      assert.equal(d.method, 'refuse');
      assert.match(d.method === 'refuse' ? d.reason : '', /2\.54/);
    }
  });

  it('never writes into a hooks dir the team shares (tracked or not ignored)', () => {
    assert.equal(decideInstall({ ...base, hooksPath: { value: '.githooks', scope: 'local' }, hooksDirShared: true }).method, 'refuse');
    assert.equal(decideInstall({ ...base, manager: 'husky', huskyRunner: true, hooksDirShared: true }).method, 'refuse');
  });

  it('never writes into a hooks dir outside the repository (other repositories may share it)', () => {
    assert.equal(decideInstall({ ...base, hooksPath: { value: '/home/u/hooks', scope: 'local' }, hooksDir: '/home/u/hooks', hooksDirOutside: true }).method, 'refuse');
  });

  it("husky 9: its generated, ignored .husky/_ with husky's runner", () => {
    assert.deepEqual(decideInstall({ ...base, hooksPath: { value: '.husky/_', scope: 'local' }, manager: 'husky', huskyRunner: true }), { method: 'hooks-dir', chain: 'husky' });
  });

  it('otherwise the hooks dir, chaining what is there', () => {
    assert.deepEqual(decideInstall(base), { method: 'hooks-dir', chain: 'file' });
    assert.deepEqual(decideInstall({ ...base, manager: 'lefthook' }), { method: 'hooks-dir', chain: 'file' });
    assert.deepEqual(decideInstall({ ...base, hooksPath: { value: '.git/my-hooks', scope: 'local' } }), { method: 'hooks-dir', chain: 'file' });
  });

  it('versions', () => {
    assert.deepEqual(parseGitVersion('git version 2.39.5'), [2, 39, 5]);
    assert.deepEqual(parseGitVersion('git version 2.45.1.windows.1'), [2, 45, 1]);
    assert.deepEqual(parseGitVersion('git version 2.54'), [2, 54, 0]);
    assert.equal(versionAtLeast([2, 54, 0], [2, 54, 0]), true);
    assert.equal(versionAtLeast([2, 53, 99], [2, 54, 0]), false);
    assert.equal(versionAtLeast([3, 0, 0], [2, 54, 0]), true);
  });

  it("managers' lines call our script and do nothing where it is absent", () => {
    const line = managerLine('prepare-commit-msg');
    const r = spawnSync('sh', ['-ec', `cd /tmp && ${line.replace('$(git rev-parse --git-common-dir)', '/nonexistent')}; echo ok`], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), 'ok');
    for (const m of ['husky', 'lefthook', 'simple-git-hooks', 'pre-commit'] as const) assert.ok(managerAdvice(m).length > 0);
  });
});
