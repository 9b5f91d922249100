/** Generated commit messages for the fuzz tests: unicode, comments, scissors, trailer blocks, blank-line shapes. */

export { rng } from '../../../bench/stats';

export interface Generated {
  text: string;
  /** Lines of ours the generator put in the last paragraph (stale trailers from an earlier commit). */
  stale: string[];
  /** Every trailer line is canonical (`Key: value`), none of ours: git's output must be ours exactly. */
  canonical: boolean;
}

const WORDS = ['fix', 'add', 'the', 'parser', 'déjà vu', '日本語', 'emoji 🎉', 'naïve', 'Ünïcödé', 'über', 'tab\there', 'colon: inside', '#hash', '---', 'x'];
const TRAILERS = ['Signed-off-by: A U Thor <a@example.com>', 'Co-authored-by: Ada <ada@example.com>', 'Change-Id: I0123456789abcdef', 'Fixes: #123', 'Reviewed-by: R <r@example.com>', '(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)', 'Bug: 42'];
const ODD_TRAILERS = ['Reviewed-by:NoSpace', 'Key  :  spaced', 'Folded: first\n  continuation', 'Empty-Value:'];
const STALE = ['AI-Origin: human-only', 'ai-lines: 0/3', 'AI-Tools: old:agentic', 'Blast-Radius: low', 'Assisted-by: Old:model-1', 'AI-ORIGIN: unknown'];

export function generate(random: () => number): Generated {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const words = (n: number) => Array.from({ length: 1 + Math.floor(random() * n) }, () => pick(WORDS)).join(' ');
  const blank = () => pick(['', '', '', ' ', '\t', '   ']);
  const paras: string[][] = [];
  let canonical = true;
  const stale: string[] = [];
  if (random() < 0.1) paras.push([blank()]);
  paras.push([random() < 0.1 ? `${pick(['Fix', 'Key'])}: ${words(3)}` : words(6)]);
  const bodies = Math.floor(random() * 3);
  for (let i = 0; i < bodies; i++) {
    const lines: string[] = [];
    const n = 1 + Math.floor(random() * 4);
    for (let j = 0; j < n; j++) {
      const r = random();
      if (r < 0.08) lines.push('---');
      else if (r < 0.14) lines.push(`# ${words(3)}`);
      else if (r < 0.2) lines.push(`    ${words(3)}`);
      else if (r < 0.26) lines.push(`Note: ${words(3)}`);
      else lines.push(words(8));
    }
    paras.push(lines);
  }
  if (random() < 0.7) {
    const block: string[] = [];
    const n = 1 + Math.floor(random() * 4);
    for (let j = 0; j < n; j++) {
      if (random() < 0.12) {
        block.push(pick(ODD_TRAILERS));
        canonical = false;
      } else block.push(pick(TRAILERS));
    }
    if (random() < 0.15) {
      block.push(words(4));
      canonical = false;
    }
    if (random() < 0.3) {
      const s = pick(STALE);
      block.splice(Math.floor(random() * (block.length + 1)), 0, s);
      stale.push(s);
      canonical = false;
    }
    paras.push(block);
  }
  let text = paras.map((p) => p.join('\n')).join(`\n${Array.from({ length: Math.floor(random() * 3) }, blank).join('\n')}${random() < 0.5 ? '\n' : ''}`);
  if (!text.includes('\n\n') && paras.length > 1) text = paras.map((p) => p.join('\n')).join('\n\n');
  const tail = random();
  if (tail < 0.15) text += `\n\n# Please enter the commit message.\n# Lines starting with '#' will be ignored.\n`;
  else if (tail < 0.22) text += `\n# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\ndiff --git a/x b/x\n+Signed-off-by: not me\n`;
  else if (tail < 0.3) text += '\n\n\n';
  else if (tail < 0.5) text += '';
  else text += '\n';
  if (random() < 0.1) {
    text = text.replace(/\n/g, '\r\n');
    canonical = false;
  }
  // git drops comment lines inside a trailer block when it rewrites one; we keep them.
  if (/(^|\n)#/.test(text)) canonical = false;
  return { text, stale, canonical };
}

