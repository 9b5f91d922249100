import type { AiOrigin, CommitProvenance, TrailerKey } from '../core/trailers/contract';
import { TRAILER_KEYS, isValidTrailerValue, parseTrailers } from '../core/trailers/contract';
import type { Tier } from '../core/policy';
import { maxTier } from '../core/policy';
import type { NoteFacts } from './notes';
import { readNote } from './notes';

/** Where a commit's provenance claim was read from. */
export type ClaimSource = 'trailers' | 'squash-body' | 'note' | 'none';

/** What a commit claims about itself, read from its trailers (or message body, or note). */
export interface Claims {
  readonly source: ClaimSource;
  readonly provenance: CommitProvenance;
  /** An AI-Origin with a known value (not `unknown`) was given. */
  readonly knownOrigin: boolean;
  /** Some AI-Origin line was given, valid or not. */
  readonly originGiven: boolean;
  /** Values that failed the contract's allow-list: reported, never believed. */
  readonly invalid: readonly string[];
  /** Our keys given more than once with different values in one trailer block. */
  readonly conflicts: readonly string[];
  /** How many trailer blocks were merged (squash commits); 1 otherwise. */
  readonly blocks: number;
  /** Distinct `Reviewed-by:` / `Approved-by:` identities, the commit's author excluded. */
  readonly reviewers: readonly string[];
  readonly note: NoteFacts | undefined;
  readonly noteWarning: string | undefined;
}

const ORIGIN_RANK: Readonly<Record<AiOrigin, number>> = { 'human-only': 0, unknown: 1, 'ai-edited': 2, 'ai-generated': 3 };
const REVIEW_KEYS = new Set(['reviewed-by', 'approved-by']);
const OUR_KEYS = new Set(TRAILER_KEYS.map((k) => k.toLowerCase()));

/**
 * The worse of two origins for a gate: `ai-generated` > `ai-edited` > `unknown` > `human-only`.
 * Unknown outranks human-only: a part we know nothing about may be AI.
 */
export function worseOrigin(a: AiOrigin, b: AiOrigin): AiOrigin {
  return ORIGIN_RANK[a] >= ORIGIN_RANK[b] ? a : b;
}

interface Pair {
  readonly key: string;
  readonly value: string;
}

/** One trailer block read with the contract: duplicates inside a block resolve to the worst case. */
function readBlock(pairs: readonly Pair[]): { provenance: CommitProvenance; invalid: string[]; conflicts: string[]; originGiven: boolean } {
  const ours = pairs.filter((p) => OUR_KEYS.has(p.key.trim().toLowerCase()));
  const { provenance, problems } = parseTrailers(ours);
  const invalid = problems.filter((p) => !p.startsWith('AI-Origin given twice'));
  const conflicts: string[] = [];
  const values = (key: TrailerKey) => ours.filter((p) => p.key.trim().toLowerCase() === key.toLowerCase()).map((p) => p.value.trim()).filter((v) => isValidTrailerValue(key, v));
  let result = provenance;

  const origins = [...new Set(values('AI-Origin'))] as AiOrigin[];
  if (origins.length > 1) {
    conflicts.push(`AI-Origin given ${origins.length} times with different values (${origins.join(', ')})`);
    result = { ...result, origin: origins.reduce(worseOrigin) };
  }
  const lines = [...new Set(values('AI-Lines'))];
  if (lines.length > 1) {
    conflicts.push(`AI-Lines given ${lines.length} times with different values (${lines.join(', ')})`);
    const parsed = lines.map((l) => l.split('/').map(Number) as [number, number]);
    result = { ...result, aiLines: Math.max(...parsed.map((p) => p[0])), addedLines: Math.max(...parsed.map((p) => p[1])) };
  }
  const radii = [...new Set(values('Blast-Radius'))];
  if (radii.length > 1) {
    conflicts.push(`Blast-Radius given ${radii.length} times with different values (${radii.join('; ')})`);
    const all = radii.map((r) => parseTrailers([{ key: 'Blast-Radius', value: r }]).provenance.blastRadius!);
    result = { ...result, blastRadius: { tier: maxTier(...all.map((b) => b.tier)), rules: unique(all.flatMap((b) => b.rules)) } };
  }
  return { provenance: result, invalid, conflicts, originGiven: ours.some((p) => p.key.trim().toLowerCase() === 'ai-origin') };
}

/**
 * Merges the trailer blocks of the commits a squash concatenated: the worst origin, AI and
 * added lines summed, tools and agents united, the highest blast radius.
 */
export function aggregate(blocks: readonly CommitProvenance[]): CommitProvenance {
  let origin: AiOrigin = blocks[0]?.origin ?? 'unknown';
  let aiLines: number | undefined;
  let addedLines: number | undefined;
  let radius: { tier: Tier; rules: string[] } | undefined;
  const tools = new Map<string, CommitProvenance['tools'][number]>();
  const assisted = new Map<string, CommitProvenance['assistedBy'][number]>();
  for (const b of blocks) {
    origin = worseOrigin(origin, b.origin);
    if (b.aiLines !== undefined && b.addedLines !== undefined) {
      aiLines = (aiLines ?? 0) + b.aiLines;
      addedLines = (addedLines ?? 0) + b.addedLines;
    }
    for (const t of b.tools) tools.set(`${t.tool}:${t.mode}`, t);
    for (const a of b.assistedBy) assisted.set(`${a.agent}:${a.model}:${a.tools.join(',')}`, a);
    if (b.blastRadius) {
      radius = radius
        ? { tier: maxTier(radius.tier, b.blastRadius.tier), rules: unique([...radius.rules, ...b.blastRadius.rules]) }
        : { tier: b.blastRadius.tier, rules: [...b.blastRadius.rules] };
    }
  }
  return {
    origin,
    ...(aiLines !== undefined ? { aiLines, addedLines } : {}),
    tools: [...tools.values()],
    ...(radius ? { blastRadius: radius } : {}),
    assistedBy: [...assisted.values()],
  };
}

const BODY_LINE_RE = /^[ \t]{0,8}([A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/;

/**
 * Our `Key: value` lines anywhere in the body (the subject excluded), grouped by paragraph: the
 * trailer blocks of the commits a squash concatenated. `merge --squash` indents them; GitHub
 * puts its `---------` and Co-authored-by lines after them, so git parses none of them.
 */
export function bodyBlocks(message: string): Pair[][] {
  const lines = message.split(/\r?\n/);
  const blocks: Pair[][] = [];
  let current: Pair[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      if (current.length > 0) blocks.push(current);
      current = [];
      continue;
    }
    const m = BODY_LINE_RE.exec(line);
    if (m && (OUR_KEYS.has(m[1]!.toLowerCase()) || REVIEW_KEYS.has(m[1]!.toLowerCase()))) {
      // A second AI-Origin in one paragraph starts another commit's block (no blank line between).
      if (m[1]!.toLowerCase() === 'ai-origin' && current.some((p) => p.key.toLowerCase() === 'ai-origin')) {
        blocks.push(current);
        current = [];
      }
      current.push({ key: m[1]!, value: m[2]! });
    }
  }
  if (current.length > 0) blocks.push(current);
  return blocks.filter((b) => b.some((p) => OUR_KEYS.has(p.key.toLowerCase())));
}

export interface ClaimInput {
  readonly trailers: readonly Pair[];
  readonly message: string;
  readonly note: string | undefined;
  readonly authorEmail: string;
}

/** Everything a commit claims, from git's parsed trailers, its body (squashes) and its note. */
export function readClaims(input: ClaimInput): Claims {
  const parsedOurs = input.trailers.filter((p) => OUR_KEYS.has(p.key.trim().toLowerCase()));
  const body = bodyBlocks(input.message);
  const bodyCount = body.reduce((n, b) => n + b.filter((p) => OUR_KEYS.has(p.key.toLowerCase())).length, 0);

  let source: ClaimSource = 'none';
  let provenance: CommitProvenance = { origin: 'unknown', tools: [], assistedBy: [] };
  let invalid: string[] = [];
  let conflicts: string[] = [];
  let originGiven = false;
  let blocks = 1;
  if (bodyCount > parsedOurs.length) {
    // Our lines outside the block git parses: a squash (or a trailer block pushed above a `---`).
    const read = body.map(readBlock);
    provenance = aggregate(read.map((r) => r.provenance));
    invalid = read.flatMap((r) => r.invalid);
    conflicts = read.flatMap((r) => r.conflicts);
    originGiven = read.some((r) => r.originGiven);
    blocks = body.length;
    source = 'squash-body';
  } else if (parsedOurs.length > 0) {
    const r = readBlock(parsedOurs);
    ({ provenance, invalid, conflicts, originGiven } = r);
    source = 'trailers';
  }

  let note: NoteFacts | undefined;
  let noteWarning: string | undefined;
  if (input.note !== undefined) {
    const n = readNote(input.note);
    if (n.ok) note = n.facts;
    else noteWarning = n.warning;
  }
  // A note stands in only when the message says nothing (notes do not survive squash or cherry-pick).
  if (source === 'none' && note?.origin !== undefined && note.origin !== 'unknown') {
    provenance = {
      origin: note.origin,
      ...(note.aiLines !== undefined && note.addedLines !== undefined && note.aiLines <= note.addedLines ? { aiLines: note.aiLines, addedLines: note.addedLines } : {}),
      tools: [],
      assistedBy: [],
    };
    source = 'note';
  }

  const reviewPairs = source === 'squash-body' ? [...input.trailers, ...body.flat()] : input.trailers;
  return {
    source,
    provenance,
    knownOrigin: provenance.origin !== 'unknown' && (source === 'note' || originGiven),
    originGiven,
    invalid,
    conflicts,
    blocks,
    reviewers: reviewersOf(reviewPairs, input.authorEmail),
    note,
    noteWarning,
  };
}

/** Distinct reviewers, by e-mail when one is given; the author reviewing themself does not count. */
export function reviewersOf(pairs: readonly Pair[], authorEmail: string): string[] {
  const seen = new Map<string, string>();
  const author = authorEmail.trim().toLowerCase();
  for (const p of pairs) {
    if (!REVIEW_KEYS.has(p.key.trim().toLowerCase())) continue;
    const value = p.value.trim();
    if (value === '') continue;
    const email = /<([^<>\s]+)>/.exec(value)?.[1]?.toLowerCase();
    const id = email ?? value.toLowerCase().replace(/\s+/g, ' ');
    if (author !== '' && id === author) continue;
    if (!seen.has(id)) seen.set(id, value);
  }
  return [...seen.values()];
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
