import { createHash } from 'node:crypto';

/**
 * cyrb53: a fast, well-mixed 53-bit string hash. Used per line to re-find ranges after the file
 * changed while closed; 53 bits keep accidental collisions negligible across 100k-line files.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A line's anchor: trailing whitespace is ignored so that trimming on save does not orphan ranges. */
export function lineHash(line: string): string {
  return hash53(line.trimEnd()).toString(36);
}

/**
 * The id git gives this text as a blob (`git hash-object`), so a ledger written by the editor
 * can be matched against a staged or committed blob without reading it.
 */
export function gitBlobId(text: string | Buffer): string {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
