import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A real git repository in a temp dir, for tests of anything that touches git. */
export class TempRepo {
  readonly root: string;

  constructor(prefix = 'aip-test-') {
    this.root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', 'Test User');
    this.git('config', 'user.email', 'test@example.com');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  }

  write(rel: string, content: string): string {
    const p = join(this.root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  }

  path(rel: string): string {
    return join(this.root, rel);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Path of the built CLI bundle (npm run build). */
export const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
