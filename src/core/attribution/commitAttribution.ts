import type { Review } from '../origin';
import type { Mode } from '../origin';
import type { LedgerFile, LedgerRange } from '../ledger/format';
import { anchorRanges } from '../ledger/anchor';
import { lineHash } from '../text/hash';
import { LineIndex } from '../text/lineIndex';
import type { Tier } from '../policy/tiers';
import { tierRank } from '../policy/tiers';
import type { Assistance, CommitProvenance, ToolUse } from '../trailers/contract';
import { agentName, originOf } from '../trailers/contract';
import { attributeLines } from './lineAttribution';

/**
 * Attribution of a commit (more exactly: of a tree against its base): which of the lines it adds
 * are AI lines, by the one definition in lineAttribution.ts, and what the commit's trailers say.
 * Pure: the git hook, the CLI, the editor preview and the post-commit note writer give it what
 * they read from git and the ledger (src/git/commitProvenance.ts does the reading).
 */

/** Ranges placed against one text: a ledger, or the AI lines of an earlier commit's note. */
export interface AttributionSource {
  /** git blob id of the text the ranges' positions refer to. */
  readonly contentHash: string;
  readonly ranges: readonly LedgerRange[];
  /**
   * Whole-line ranges whose `edited` flag is the line's verdict (a note records lines, not
   * characters). Ledger ranges are character-exact: the line decides from its characters.
   */
  readonly lineLevel?: boolean;
}

export interface CommitFileInput {
  /** Repo-relative path in the committed tree. */
  readonly path: string;
  /** The path before a rename, when git detected one. */
  readonly oldPath?: string;
  /** git blob id of `text` in the committed tree. */
  readonly blob: string;
  /** The committed text (UTF-8 decoded blob). */
  readonly text: string;
  /** 1-based numbers of the added lines, as git numbers them (split on `\n`). */
  readonly added: readonly number[];
  /** Highest priority first: the file's ledger, a renamed file's old ledger, earlier notes. */
  readonly sources: readonly AttributionSource[];
}

export interface PathTier {
  readonly tier: Tier;
  /** The rule that set the tier, when one did. */
  readonly decidedBy: string | undefined;
}

export interface CommitAttributionInput {
  readonly files: readonly CommitFileInput[];
  /** Every path the commit touches (added, changed, deleted, both sides of a rename). */
  readonly changedPaths: readonly string[];
  /** The repository's path classifier; without it there is no Blast-Radius. */
  readonly classify?: (path: string) => PathTier;
  /**
   * Why provenance cannot be known (state missing or corrupt, tracking off): the origin is then
   * `unknown`, with no line counts, whatever the files say.
   */
  readonly unknownReason?: string;
  /** Count `external` ranges (changed on disk, unclaimed) as AI. Default false. */
  readonly countExternal?: boolean;
}

/** One committed AI line. */
export interface AiLine {
  /** 1-based, in the committed file. */
  readonly line: number;
  readonly edited: boolean;
  readonly tool: string;
  readonly mode: Mode;
  readonly model?: string;
  /** Ids of every AI record with text on the line (for retiring them from the ledger). */
  readonly ids: readonly string[];
  /** lineHash of the committed line, so a later amend can re-find it. */
  readonly hash: string;
  /** Who reviewed the AI text on the line, when every AI record on it was reviewed. */
  readonly reviewed?: Review;
}

export interface FileAttribution {
  readonly path: string;
  readonly oldPath?: string;
  readonly blob: string;
  readonly addedLines: number;
  readonly aiLines: readonly AiLine[];
}

export interface CommitAttribution {
  readonly provenance: CommitProvenance;
  readonly files: readonly FileAttribution[];
  readonly unknownReason?: string;
}

/** How many rule ids are collected for Blast-Radius (the contract shows at most 5 and `+N`). */
const MAX_RULES = 32;

export function attributeCommit(input: CommitAttributionInput): CommitAttribution {
  const files: FileAttribution[] = [];
  const verdicts: { ai: boolean; edited: boolean }[] = [];
  for (const file of input.files) {
    const attributed = attributeFile(file, input.countExternal ?? false);
    files.push(attributed);
    const ai = new Map(attributed.aiLines.map((l) => [l.line, l]));
    for (const n of file.added) {
      const l = ai.get(n);
      verdicts.push({ ai: !!l, edited: l?.edited ?? false });
    }
  }
  const blastRadius = input.classify ? blastRadiusOf(input.changedPaths, input.classify) : undefined;
  if (input.unknownReason !== undefined) {
    return {
      provenance: { origin: 'unknown', tools: [], assistedBy: [], ...(blastRadius ? { blastRadius } : {}) },
      files,
      unknownReason: input.unknownReason,
    };
  }
  const aiLines = files.flatMap((f) => f.aiLines);
  return {
    provenance: {
      origin: originOf(verdicts),
      aiLines: aiLines.length,
      addedLines: verdicts.length,
      tools: toolsOf(aiLines),
      ...(blastRadius ? { blastRadius } : {}),
      assistedBy: assistanceOf(aiLines),
    },
    files,
  };
}

interface LineVerdict {
  edited: boolean;
  ranges: LedgerRange[];
}

/** The AI lines among a file's added lines. */
export function attributeFile(file: CommitFileInput, countExternal: boolean): FileAttribution {
  const index = new LineIndex(file.text);
  const gitLines = gitLineStarts(file.text);
  const added = file.added.filter((n) => n >= 1 && n <= gitLines.length);
  const out: AiLine[] = [];
  if (added.length > 0 && file.sources.length > 0) {
    // Higher-priority sources decide the lines they cover; lower ones only fill the rest.
    const decided = new Map<number, LineVerdict>();
    for (const source of file.sources) {
      const ranges = countExternal ? source.ranges : source.ranges.filter((r) => r.kind !== 'external');
      if (ranges.length === 0) continue;
      const { parts } = anchorRanges(ranges, index, source.contentHash === file.blob);
      const spans = parts.map((p) => ({ start: p.start, end: p.end, value: p.range }));
      const lines = attributeLines(index, spans);
      for (const [line, info] of lines) {
        if (decided.has(line)) continue;
        const edited = source.lineLevel ? info.values.some((r) => r.edited) : info.edited;
        decided.set(line, { edited, ranges: info.values });
      }
    }
    for (const n of added) {
      // A git line is one editor line unless it holds a lone `\r` (which editors also break on).
      const start = gitLines[n - 1]!;
      const end = n < gitLines.length ? gitLines[n]! - 1 : file.text.length;
      const first = index.positionAt(start).line;
      const last = index.positionAt(Math.max(start, end)).line;
      let verdict: LineVerdict | undefined;
      for (let l = first; l <= last; l++) {
        const v = decided.get(l);
        if (!v) continue;
        if (!verdict) verdict = { edited: v.edited, ranges: [...v.ranges] };
        else {
          verdict.edited &&= v.edited;
          for (const r of v.ranges) if (!verdict.ranges.includes(r)) verdict.ranges.push(r);
        }
      }
      if (!verdict) continue;
      const lead = verdict.ranges[0]!;
      out.push({
        line: n,
        edited: verdict.edited,
        tool: lead.tool,
        mode: lead.mode,
        ...(lead.model ? { model: lead.model } : {}),
        ids: [...new Set(verdict.ranges.map((r) => r.id))],
        hash: lineHash(file.text.slice(start, end).replace(/\r$/, '')),
        ...(verdict.ranges.every((r) => r.reviewed) && lead.reviewed ? { reviewed: lead.reviewed } : {}),
      });
    }
  }
  return { path: file.path, ...(file.oldPath !== undefined ? { oldPath: file.oldPath } : {}), blob: file.blob, addedLines: added.length, aiLines: out };
}

/** Offsets where git's lines start (git splits on `\n` only); a trailing newline ends the last line. */
export function gitLineStarts(text: string): number[] {
  if (text.length === 0) return [];
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function toolsOf(lines: readonly AiLine[]): ToolUse[] {
  const seen = new Map<string, ToolUse>();
  for (const l of lines) seen.set(`${l.tool}:${l.mode}`, { tool: l.tool, mode: l.mode });
  return [...seen.values()];
}

/** One Assisted-by per (agent, model) with a known model, listing the tools that used it. */
function assistanceOf(lines: readonly AiLine[]): Assistance[] {
  const byKey = new Map<string, { agent: string; model: string; tools: string[] }>();
  for (const l of lines) {
    if (!l.model) continue;
    const agent = agentName(l.tool);
    const key = `${agent}\n${l.model}`;
    let a = byKey.get(key);
    if (!a) byKey.set(key, (a = { agent, model: l.model, tools: [] }));
    if (!a.tools.includes(l.tool)) a.tools.push(l.tool);
  }
  return [...byKey.values()].sort((x, y) => (x.agent === y.agent ? x.model.localeCompare(y.model) : x.agent.localeCompare(y.agent)));
}

/** The highest tier among the paths, with the rules that set that tier on some path. */
export function blastRadiusOf(paths: readonly string[], classify: (path: string) => PathTier): { tier: Tier; rules: string[] } {
  let tier: Tier = 'low';
  let rules: string[] = [];
  for (const path of new Set(paths)) {
    const c = classify(path);
    if (tierRank(c.tier) > tierRank(tier)) {
      tier = c.tier;
      rules = [];
    }
    if (c.tier === tier && c.decidedBy !== undefined && !rules.includes(c.decidedBy) && rules.length < MAX_RULES) rules.push(c.decidedBy);
  }
  return { tier, rules };
}

/**
 * The ledger after a commit took some of its lines: every committed AI line is removed from the
 * records that covered it, the rest (not committed, or changed since) stays pending. When the
 * ledger describes exactly the committed text, lines are matched by position; otherwise by
 * record id and line hash, as many times as that line was committed. Returns undefined when
 * nothing is left.
 */
export function retireCommitted(ledger: LedgerFile, committed: FileAttribution): LedgerFile | undefined {
  const exact = ledger.contentHash === committed.blob;
  const byLine = new Map<number, Set<string>>();
  const byHash = new Map<string, Map<string, number>>();
  for (const l of committed.aiLines) {
    if (exact) byLine.set(l.line - 1, new Set(l.ids));
    for (const id of l.ids) {
      let m = byHash.get(id);
      if (!m) byHash.set(id, (m = new Map<string, number>()));
      m.set(l.hash, (m.get(l.hash) ?? 0) + 1);
    }
  }
  const ranges: LedgerRange[] = [];
  for (const r of ledger.ranges) {
    const counts = byHash.get(r.id);
    if (!counts) {
      ranges.push(r);
      continue;
    }
    const keep = r.lines.map((h, i) => {
      if (exact) return !byLine.get(r.start[0] + i)?.has(r.id);
      const n = counts.get(h) ?? 0;
      if (n === 0) return true;
      counts.set(h, n - 1);
      return false;
    });
    ranges.push(...keptRuns(r, keep));
  }
  if (ranges.length === ledger.ranges.length && ranges.every((r, i) => r === ledger.ranges[i])) return ledger;
  return ranges.length > 0 ? { ...ledger, ranges } : undefined;
}

/** The parts of a range over the lines still kept, cut at line boundaries. */
function keptRuns(r: LedgerRange, keep: readonly boolean[]): LedgerRange[] {
  if (keep.every(Boolean)) return [r];
  const out: LedgerRange[] = [];
  const last = keep.length - 1;
  for (let a = 0; a <= last; a++) {
    if (!keep[a]) continue;
    let b = a;
    while (b < last && keep[b + 1]) b++;
    out.push({
      ...r,
      start: a === 0 ? r.start : [r.start[0] + a, 0],
      end: b === last ? r.end : [r.start[0] + b + 1, 0],
      lines: r.lines.slice(a, b + 1),
    });
    a = b;
  }
  return out;
}
