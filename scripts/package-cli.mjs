// Builds the standalone npm package of the CLI (@ai-provenance/cli) into packages/cli/build/ and
// packs it. The bundles are the same dist/cli.js and dist/hook.js the extension ships.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = join('packages', 'cli', 'build');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const manifest = JSON.parse(readFileSync(join('packages', 'cli', 'package.json.template'), 'utf8'));
manifest.version = version;
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const f of ['cli.js', 'hook.js']) copyFileSync(join('dist', f), join(out, f));
copyFileSync(join('packages', 'cli', 'README.md'), join(out, 'README.md'));
copyFileSync('LICENSE', join(out, 'LICENSE'));
const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', '..'], { cwd: out, encoding: 'utf8' }).trim().split('\n').pop();
console.log(`packed packages/cli/${tgz}`);
