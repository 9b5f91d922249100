// Bundles the extension and the CLI with esbuild; with --tests, transpiles src/, test/ and bench/
// file by file into out/ so mocha (plain Node) and the extension-host suite can load them.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

function tsFiles(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(tsFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's UMD entry requires its modules dynamically, which a bundle cannot follow.
  mainFields: ['module', 'main'],
};

const bundles = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  // Only what an agent's hook runs: loads in a fraction of the full CLI's time.
  { ...common, entryPoints: ['src/cli/hookMain.ts'], outfile: 'dist/hook.js' },
];

if (args.has('--tests')) {
  // AIP_OUT lets parallel work trees of one checkout compile tests without clobbering each other.
  const outdir = process.env.AIP_OUT || 'out';
  rmSync(outdir, { recursive: true, force: true });
  const entryPoints = ['src', 'test', 'bench'].flatMap((d) => {
    try { return tsFiles(d); } catch { return []; }
  });
  await esbuild.build({
    entryPoints,
    outdir,
    outbase: '.',
    bundle: false,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
  });
} else if (args.has('--watch')) {
  const contexts = await Promise.all(bundles.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[build] watching');
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
}
