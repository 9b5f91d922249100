import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../src/core/version';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  contributes: {
    commands: { command: string }[];
    keybindings: { command: string }[];
    menus: Record<string, { command: string }[]>;
    configuration: { properties: Record<string, { scope?: string; description?: string; markdownDescription?: string }> };
    colors: { id: string }[];
  };
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const code = sources(join(root, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');

describe('extension manifest', () => {
  it('every contributed command has a handler, and every handler is contributed', () => {
    const handled = new Set<string>();
    for (const m of code.matchAll(/registerCommand\(\s*'(aiProvenance\.[\w.]+)'/g)) handled.add(m[1]!);
    for (const m of code.matchAll(/'(aiProvenance\.[\w.]+)':\s*'editor\.action/g)) handled.add(m[1]!);
    const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
    assert.deepEqual([...contributed].filter((c) => !handled.has(c)), [], 'contributed without handler');
    assert.deepEqual([...handled].filter((c) => !contributed.has(c)), [], 'handled but not contributed');
  });

  it('keybindings and menus only name contributed commands', () => {
    const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
    const used = [...pkg.contributes.keybindings, ...Object.values(pkg.contributes.menus).flat()].map((k) => k.command);
    assert.deepEqual(used.filter((c) => !contributed.has(c)), []);
  });

  it('every setting has a scope and a description, and the code reads only declared settings', () => {
    const props = pkg.contributes.configuration.properties;
    for (const [key, p] of Object.entries(props)) {
      assert.ok(p.scope, `${key} has no scope`);
      assert.ok(p.description ?? p.markdownDescription, `${key} has no description`);
    }
    const read = [...code.matchAll(/get<\w+>\('([\w.]+)'/g)].map((m) => `aiProvenance.${m[1]!}`).filter((k) => !k.startsWith('aiProvenance.path'));
    assert.deepEqual(read.filter((k) => !(k in props)), []);
  });

  it('every colour the code uses is contributed', () => {
    const ids = new Set(pkg.contributes.colors.map((c) => c.id));
    const used = [...code.matchAll(/ThemeColor\('(aiProvenance\.[\w.]+)'\)/g)].map((m) => m[1]!);
    assert.ok(used.length > 0);
    assert.deepEqual(used.filter((c) => !ids.has(c)), []);
  });

  it('the code and package.json agree on the version', () => {
    assert.equal(VERSION, pkg.version);
  });
});

describe('manifest localization', () => {
  const raw = readFileSync(join(root, 'package.json'), 'utf8');
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

  it('every %key% in package.json has a string in package.nls.json, and none is unused', () => {
    const used = new Set([...raw.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!));
    assert.ok(used.size > 20, `${used.size} localized strings`);
    assert.deepEqual([...used].filter((k) => !(k in nls)), [], 'missing in package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'unused in package.nls.json');
  });

  it('no user-visible contribution string is left unlocalized (run scripts/localize-manifest.mjs)', () => {
    const literal = pkg.contributes.commands.filter((c) => !(c as unknown as { title: string }).title.startsWith('%'));
    assert.deepEqual(literal, []);
    const props = Object.entries(pkg.contributes.configuration.properties).filter(([, p]) => {
      const d = p.description ?? p.markdownDescription ?? '';
      return !d.startsWith('%');
    });
    assert.deepEqual(props.map(([k]) => k), []);
  });
});
