import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

describe('packaging', function () {
  this.timeout(120_000);

  it('the production extension bundle stays under 300 KB', () => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root });
    const size = statSync(join(root, 'dist', 'extension.js')).size;
    assert.ok(size < 300 * 1024, `dist/extension.js is ${size} bytes`);
  });

  it('the VSIX holds only the allowlisted files', () => {
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
    const allowed = [/^dist\/(extension|cli|hook)\.js$/, /^media\/[\w-]+\.(svg|png)$/, /^media\/walkthrough\/[\w-]+\.md$/, /^schemas\/[\w.-]+\.json$/, /^(package\.json|package\.nls\.json|README\.md|CHANGELOG\.md|LICENSE)$/];
    assert.deepEqual(files.filter((f) => !allowed.some((re) => re.test(f))), [], 'files outside the allowlist');
    for (const must of ['dist/extension.js', 'dist/cli.js', 'media/icon.png', 'package.nls.json', 'schemas/ai-provenance.schema.json']) assert.ok(files.includes(must), must);
    assert.ok(!files.some((f) => f.endsWith('.map')), 'no source maps');
  });
});
