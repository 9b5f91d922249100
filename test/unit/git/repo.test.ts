import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { discoverRepo, discoverRepoFromDisk } from '../../../src/git/repo';
import { TempRepo } from '../gitRepo';

describe('repository discovery', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.write('a/b/file.txt', 'x\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'init');
  });
  afterEach(() => repo.dispose());

  it('reading .git on disk agrees with git rev-parse in a plain repository', async () => {
    const dir = join(repo.root, 'a', 'b');
    const viaGit = await discoverRepo(dir);
    assert.ok(viaGit);
    assert.equal(viaGit.worktreeKey, 'main');
    assert.deepEqual(await discoverRepoFromDisk(dir), viaGit);
  });

  it('agrees for a linked worktree (own git dir, shared common dir)', async () => {
    const wt = `${repo.root}-wt`;
    repo.git('worktree', 'add', '-q', wt);
    try {
      const viaGit = await discoverRepo(wt);
      assert.ok(viaGit);
      assert.match(viaGit.worktreeKey, /^wt-/);
      assert.equal(viaGit.commonDir, join(repo.root, '.git'));
      assert.deepEqual(await discoverRepoFromDisk(wt), viaGit);
    } finally {
      repo.git('worktree', 'remove', '--force', wt);
    }
  });

  it('agrees for a submodule (its own repository under .git/modules)', async () => {
    const sub = new TempRepo('aip-sub-');
    try {
      sub.write('lib.txt', 'lib\n');
      sub.git('add', '.');
      sub.git('commit', '-qm', 'lib');
      repo.git('-c', 'protocol.file.allow=always', 'submodule', '-q', 'add', sub.root, 'vendor/lib');
      const dir = join(repo.root, 'vendor', 'lib');
      const viaGit = await discoverRepo(dir);
      assert.ok(viaGit);
      assert.equal(viaGit.root, dir);
      assert.equal(viaGit.commonDir, join(repo.root, '.git', 'modules', 'vendor', 'lib'));
      assert.deepEqual(await discoverRepoFromDisk(dir), viaGit);
    } finally {
      sub.dispose();
    }
  });

  it('outside any repository both say so', async () => {
    const plain = new TempRepo('aip-plain-');
    try {
      repo.git('-C', plain.root, 'rev-parse');
      const dir = join(plain.root, 'x');
      mkdirSync(dir);
      await import('node:fs').then((fs) => fs.rmSync(join(plain.root, '.git'), { recursive: true }));
      assert.equal(await discoverRepo(dir), undefined);
      // /tmp itself is not in a repository on these machines, so disk discovery ends at /.
      assert.equal(await discoverRepoFromDisk(dir), undefined);
    } finally {
      plain.dispose();
    }
  });
});
