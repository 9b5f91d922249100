const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Repository-relative path in the one form rules are matched against: `/` separators, no `./`,
 * `.` or empty segments, `..` resolved where it stays inside the repository, Unicode in NFC
 * (macOS hands out decomposed names; git and our globs use composed ones).
 * Backslashes are taken as Windows separators: a file name containing `\` cannot be told apart.
 * A path that climbs out of the repository keeps its leading `..` segments, so no anchored rule
 * matches it.
 */
export function normalizeRepoPath(input: string): string {
  let p = input.includes('\\') ? input.replace(/\\/g, '/') : input;
  if (NON_ASCII.test(p)) p = p.normalize('NFC');
  // Fast path: already clean (the common case from git and the editor).
  if (!p.startsWith('/') && !p.startsWith('./') && !p.includes('//') && !/(^|\/)\.{1,2}(\/|$)/.test(p) && !p.endsWith('/')) return p;
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else out.push('..');
      continue;
    }
    out.push(seg);
  }
  return out.join('/');
}
