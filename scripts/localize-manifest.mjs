// Moves every user-visible string of package.json's contributions into package.nls.json, leaving
// %key% placeholders (VS Code and vsce localize them; translators add package.nls.<lang>.json).
// Idempotent: run it after adding contributions. A unit test fails when the two drift apart.
import { readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
let nls = {};
try {
  nls = JSON.parse(readFileSync('package.nls.json', 'utf8'));
} catch {
  // first run
}

function put(obj, field, key) {
  const value = obj[field];
  if (typeof value !== 'string' || /^%[^%]+%$/.test(value)) return;
  nls[key] = value;
  obj[field] = `%${key}%`;
}

put(pkg, 'displayName', 'displayName');
put(pkg, 'description', 'description');
const c = pkg.contributes;
for (const cmd of c.commands ?? []) {
  put(cmd, 'title', `command.${cmd.command.replace(/^aiProvenance\./, '')}.title`);
  put(cmd, 'category', 'command.category');
}
put(c.configuration, 'title', 'configuration.title');
for (const [key, prop] of Object.entries(c.configuration.properties)) {
  const k = key.replace(/^aiProvenance\./, '');
  put(prop, 'description', `config.${k}.description`);
  put(prop, 'markdownDescription', `config.${k}.markdownDescription`);
}
for (const color of c.colors ?? []) put(color, 'description', `color.${color.id.replace(/^aiProvenance\./, '')}.description`);
for (const views of Object.values(c.views ?? {})) for (const v of views) put(v, 'name', `view.${v.id.replace(/^aiProvenance\./, '')}.name`);
for (const w of c.viewsWelcome ?? []) put(w, 'contents', `viewsWelcome.${w.view.replace(/^aiProvenance\./, '')}.contents`);
for (const w of c.walkthroughs ?? []) {
  put(w, 'title', `walkthrough.${w.id.replace(/^aiProvenance\./, '')}.title`);
  put(w, 'description', `walkthrough.${w.id.replace(/^aiProvenance\./, '')}.description`);
  for (const s of w.steps) {
    put(s, 'title', `walkthrough.step.${s.id}.title`);
    put(s, 'description', `walkthrough.step.${s.id}.description`);
  }
}
const sorted = Object.fromEntries(Object.entries(nls).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync('package.nls.json', `${JSON.stringify(sorted, null, 2)}\n`);
console.log(`package.nls.json: ${Object.keys(sorted).length} strings`);
