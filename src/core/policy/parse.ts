import type { Node, ParseError } from 'jsonc-parser';
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import { LineIndex } from '../text/lineIndex';
import { DEFAULT_CODEOWNERS_SETTINGS, DEFAULT_CONTENT_RULES, DEFAULT_PATH_RULES, DEFAULT_UNKNOWN_PROVENANCE, defaultPolicy } from './defaults';
import { normalizeGlob } from './globs';
import type { CodeownersSettings, ContentRule, Extends, ParsedPolicy, PathRule, Policy, PolicyProblem, Severity, UnknownProvenance } from './model';
import { POLICY_FILE, UNKNOWN_PROVENANCE_VALUES } from './model';
import { closest, describe, describeParseError } from './parseMessages';
import { checkUserRegex } from './regexSafety';
import type { TierRequirements } from './requirements';
import { DEFAULT_REQUIREMENTS, MAX_REVIEWERS, REQUIREMENT_KEYS } from './requirements';
import type { Tier } from './tiers';
import { TIERS, isTier } from './tiers';

/** A policy file this large is a mistake (or an attack on the editor); ignore it. */
export const MAX_POLICY_BYTES = 1024 * 1024;
export const MAX_RULES = 2000;
export const MAX_REASON_LENGTH = 500;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Ids that classification results use for things other than rules. */
const RESERVED_IDS = new Set(['codeowners']);

/** Property names the runtime understands; the schema test checks the schema has the same. */
export const TOP_LEVEL_KEYS = ['$schema', 'extends', 'rules', 'contentRules', 'disable', 'tiers', 'unknownProvenance', 'codeowners'] as const;
export const PATH_RULE_KEYS = ['id', 'match', 'exclude', 'tier', 'reason'] as const;
export const CONTENT_RULE_KEYS = ['id', 'pattern', 'flags', 'unless', 'paths', 'tier', 'reason'] as const;
export const CODEOWNERS_KEYS = ['enabled', 'raiseTo', 'ignoreCatchAll'] as const;
/** `raiseTo: "low"` would raise nothing. */
export const RAISE_TO_TIERS: readonly Tier[] = ['medium', 'high', 'critical'];

const BUILT_IN_PATH_IDS = new Set(DEFAULT_PATH_RULES.map((r) => r.id));
const BUILT_IN_CONTENT_IDS = new Set(DEFAULT_CONTENT_RULES.map((r) => r.id));

/**
 * Parses `.ai-provenance.json` (JSON with comments and trailing commas). Never throws: problems
 * come back with positions, and when any is an error the built-in defaults are returned instead
 * (`fellBack`), so a broken file never leaves a repository without a policy.
 */
export function parsePolicy(text: string, fileName: string = POLICY_FILE): ParsedPolicy {
  const ctx = new Context(text, fileName);
  const policy = ctx.parse();
  const fellBack = ctx.problems.some((p) => p.severity === 'error');
  const problems = [...ctx.problems].sort((a, b) => a.offset - b.offset);
  return { policy: fellBack || !policy ? defaultPolicy() : policy, problems, fellBack };
}

interface Span {
  readonly offset: number;
  readonly length: number;
}

interface Prop {
  readonly key: Node;
  readonly value: Node;
}

class Context {
  readonly problems: PolicyProblem[] = [];
  private readonly lines: LineIndex;
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    this.lines = new LineIndex(text);
  }

  report(span: Span, severity: Severity, message: string): void {
    const pos = this.lines.positionAt(span.offset);
    this.problems.push({
      file: this.file,
      line: pos.line + 1,
      column: pos.character + 1,
      offset: span.offset,
      length: Math.max(1, span.length),
      severity,
      message,
    });
  }

  error(span: Span, message: string): void {
    this.report(span, 'error', message);
  }

  parse(): Policy | undefined {
    if (this.text.length > MAX_POLICY_BYTES) {
      this.error({ offset: 0, length: 1 }, `file is larger than ${MAX_POLICY_BYTES} bytes`);
      return undefined;
    }
    // A BOM is invisible in editors; blank it out (same length, so offsets stay right).
    const body = this.text.charCodeAt(0) === 0xfeff ? ` ${this.text.slice(1)}` : this.text;
    const errors: ParseError[] = [];
    const root = parseTree(body, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
    for (const e of errors) this.error(e, describeParseError(printParseErrorCode(e.error)));
    if (errors.length > 0) return undefined;
    if (!root) {
      this.error({ offset: 0, length: 1 }, 'the file is empty; expected an object such as { "rules": [] }');
      return undefined;
    }
    if (root.type !== 'object') {
      this.error(root, `expected an object, found ${describe(root)}`);
      return undefined;
    }
    return this.policy(root);
  }

  private policy(root: Node): Policy {
    const props = this.props(root, '', TOP_LEVEL_KEYS);
    const get = (k: (typeof TOP_LEVEL_KEYS)[number]) => props.get(k)?.value;

    const schema = get('$schema');
    if (schema && schema.type !== 'string') this.error(schema, `$schema: expected a string, found ${describe(schema)}`);

    let ext: Extends = 'defaults';
    const extNode = get('extends');
    if (extNode) ext = this.enumValue(extNode, 'extends', ['defaults', 'none'] as const) ?? 'defaults';

    // Content rules first so that path rules reusing one of their ids are reported at the path rule.
    const contentRules = this.list(get('contentRules'), 'contentRules', (n, p) => this.contentRule(n, p));
    const pathRules = this.list(get('rules'), 'rules', (n, p) => this.pathRule(n, p));
    const disabled = this.disable(get('disable'), ext);
    const tiers = this.tiers(get('tiers'));
    const unknownNode = get('unknownProvenance');
    const unknownProvenance: UnknownProvenance = unknownNode
      ? (this.enumValue(unknownNode, 'unknownProvenance', UNKNOWN_PROVENANCE_VALUES) ?? DEFAULT_UNKNOWN_PROVENANCE)
      : DEFAULT_UNKNOWN_PROVENANCE;
    const codeowners = this.codeowners(get('codeowners'));

    // A repo rule with a built-in's id replaces it; `disable` drops built-ins outright.
    const replaced = new Set([...pathRules.map((r) => r.id), ...contentRules.map((r) => r.id), ...disabled]);
    const builtInPath = ext === 'defaults' ? DEFAULT_PATH_RULES.filter((r) => !replaced.has(r.id)) : [];
    const builtInContent = ext === 'defaults' ? DEFAULT_CONTENT_RULES.filter((r) => !replaced.has(r.id)) : [];
    return {
      extends: ext,
      pathRules: [...builtInPath, ...pathRules],
      contentRules: [...builtInContent, ...contentRules],
      tiers,
      unknownProvenance,
      codeowners,
    };
  }

  /** Object properties by name; warns about unknown and duplicate names (the last one wins, as in JSON.parse). */
  private props(node: Node, path: string, known: readonly string[]): Map<string, Prop> {
    const out = new Map<string, Prop>();
    for (const prop of node.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (!key || !value || typeof key.value !== 'string') continue;
      const name = key.value;
      const where = path ? `${path}.${name}` : name;
      if (!known.includes(name)) {
        const hint = closest(name, known);
        this.report(key, 'warning', `${where}: unknown property (ignored)${hint ? `; did you mean "${hint}"?` : ''}`);
        continue;
      }
      if (out.has(name)) this.report(key, 'warning', `${where}: duplicate property; the last one wins`);
      out.set(name, { key, value });
    }
    return out;
  }

  private list<T>(node: Node | undefined, path: string, item: (n: Node, p: string) => T | undefined): T[] {
    if (!node) return [];
    if (node.type !== 'array') {
      this.error(node, `${path}: expected an array, found ${describe(node)}`);
      return [];
    }
    const children = node.children ?? [];
    if (children.length > MAX_RULES) {
      this.error(node, `${path}: more than ${MAX_RULES} entries`);
      return [];
    }
    const out: T[] = [];
    children.forEach((child, i) => {
      const value = item(child, `${path}[${i}]`);
      if (value !== undefined) out.push(value);
    });
    return out;
  }

  private pathRule(node: Node, path: string): PathRule | undefined {
    if (node.type !== 'object') {
      this.error(node, `${path}: expected a rule object, found ${describe(node)}`);
      return undefined;
    }
    const props = this.props(node, path, PATH_RULE_KEYS);
    const id = this.ruleId(node, props, path, 'path');
    const match = this.globs(node, props.get('match')?.value, `${path}.match`, true);
    const exclude = this.globs(node, props.get('exclude')?.value, `${path}.exclude`, false);
    const tier = this.requiredTier(node, props, path);
    const reason = this.reason(node, props, path);
    if (id === undefined || match === undefined || exclude === undefined || tier === undefined || reason === undefined) return undefined;
    return { id, match, exclude, tier, reason, source: 'repo' };
  }

  private contentRule(node: Node, path: string): ContentRule | undefined {
    if (node.type !== 'object') {
      this.error(node, `${path}: expected a content rule object, found ${describe(node)}`);
      return undefined;
    }
    const props = this.props(node, path, CONTENT_RULE_KEYS);
    const id = this.ruleId(node, props, path, 'content');
    const flagsNode = props.get('flags')?.value;
    let flags = '';
    if (flagsNode) {
      if (flagsNode.type === 'string') flags = String(flagsNode.value);
      else this.error(flagsNode, `${path}.flags: expected a string such as "i", found ${describe(flagsNode)}`);
    }
    const pattern = this.regex(node, props.get('pattern')?.value, `${path}.pattern`, flags, true);
    const unlessNode = props.get('unless')?.value;
    const unless = unlessNode ? this.regex(node, unlessNode, `${path}.unless`, flags, false) : undefined;
    const paths = this.globs(node, props.get('paths')?.value, `${path}.paths`, false);
    const tier = this.requiredTier(node, props, path);
    const reason = this.reason(node, props, path);
    if (id === undefined || pattern === undefined || paths === undefined || tier === undefined || reason === undefined) return undefined;
    if (unlessNode && unless === undefined) return undefined;
    return { id, pattern, flags, ...(unless !== undefined ? { unless } : {}), paths, tier, reason, source: 'repo' };
  }

  private ruleId(node: Node, props: Map<string, Prop>, path: string, kind: 'path' | 'content'): string | undefined {
    const value = props.get('id')?.value;
    if (!value) {
      this.error(node, `${path}: missing "id"`);
      return undefined;
    }
    if (value.type !== 'string') {
      this.error(value, `${path}.id: expected a string, found ${describe(value)}`);
      return undefined;
    }
    const id = String(value.value);
    if (!ID.test(id)) {
      this.error(value, `${path}.id: "${id}" must start with a letter or digit and use only letters, digits, '.', '_' and '-' (at most 100)`);
      return undefined;
    }
    if (RESERVED_IDS.has(id)) {
      this.error(value, `${path}.id: "${id}" is reserved`);
      return undefined;
    }
    const other = kind === 'path' ? BUILT_IN_CONTENT_IDS : BUILT_IN_PATH_IDS;
    if (other.has(id)) {
      this.error(value, `${path}.id: "${id}" is the id of a built-in ${kind === 'path' ? 'content' : 'path'} rule; pick another id`);
      return undefined;
    }
    const seen = this.ids.get(id);
    if (seen !== undefined) {
      this.error(value, `${path}.id: "${id}" is already used by ${seen}`);
      return undefined;
    }
    this.ids.set(id, path);
    return id;
  }

  /** A glob or a list of globs. Returns undefined after reporting an error. */
  private globs(owner: Node, node: Node | undefined, path: string, required: boolean): string[] | undefined {
    if (!node) {
      if (!required) return [];
      this.error(owner, `${path.slice(0, path.lastIndexOf('.'))}: missing "${path.slice(path.lastIndexOf('.') + 1)}"`);
      return undefined;
    }
    const items = node.type === 'array' ? (node.children ?? []) : [node];
    if (node.type === 'array' && items.length === 0 && required) {
      this.error(node, `${path}: expected at least one glob`);
      return undefined;
    }
    const out: string[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const where = node.type === 'array' ? `${path}[${i}]` : path;
      if (item.type !== 'string') {
        this.error(item, `${where}: expected a glob string, found ${describe(item)}`);
        ok = false;
        return;
      }
      const glob = String(item.value);
      const result = normalizeGlob(glob);
      if (result.error !== undefined) {
        this.error(item, `${where}: invalid glob "${glob}": ${result.error}`);
        ok = false;
        return;
      }
      out.push(glob);
    });
    return ok ? out : undefined;
  }

  private regex(owner: Node, node: Node | undefined, path: string, flags: string, required: boolean): string | undefined {
    if (!node) {
      if (required) this.error(owner, `${path.slice(0, path.lastIndexOf('.'))}: missing "${path.slice(path.lastIndexOf('.') + 1)}"`);
      return undefined;
    }
    if (node.type !== 'string') {
      this.error(node, `${path}: expected a regular expression string, found ${describe(node)}`);
      return undefined;
    }
    const source = String(node.value);
    const check = checkUserRegex(source, flags);
    if (check.error !== undefined) {
      this.error(node, `${path}: ${check.error}`);
      return undefined;
    }
    if (check.warning) this.report(node, 'warning', `${path}: ${check.warning}`);
    return source;
  }

  private requiredTier(owner: Node, props: Map<string, Prop>, path: string): Tier | undefined {
    const node = props.get('tier')?.value;
    if (!node) {
      this.error(owner, `${path}: missing "tier"`);
      return undefined;
    }
    return this.enumValue(node, `${path}.tier`, TIERS);
  }

  private reason(owner: Node, props: Map<string, Prop>, path: string): string | undefined {
    const node = props.get('reason')?.value;
    if (!node) {
      this.error(owner, `${path}: missing "reason" (say why these paths carry this risk)`);
      return undefined;
    }
    if (node.type !== 'string' || String(node.value).trim() === '') {
      this.error(node, `${path}.reason: expected a non-empty string, found ${describe(node)}`);
      return undefined;
    }
    const reason = String(node.value).trim();
    // Reasons reach terminals and CI reports; escape sequences there could rewrite the output.
    if (CONTROL.test(reason)) {
      this.error(node, `${path}.reason: must be one line without control characters`);
      return undefined;
    }
    if (reason.length > MAX_REASON_LENGTH) {
      this.error(node, `${path}.reason: longer than ${MAX_REASON_LENGTH} characters`);
      return undefined;
    }
    return reason;
  }

  private enumValue<T extends string>(node: Node, path: string, values: readonly T[]): T | undefined {
    if (node.type === 'string' && (values as readonly string[]).includes(String(node.value))) return node.value as T;
    this.error(node, `${path}: expected one of ${values.map((v) => `"${v}"`).join(', ')}, found ${describe(node)}`);
    return undefined;
  }

  private boolean(node: Node, path: string): boolean | undefined {
    if (node.type === 'boolean') return node.value === true;
    this.error(node, `${path}: expected true or false, found ${describe(node)}`);
    return undefined;
  }

  private disable(node: Node | undefined, ext: Extends): string[] {
    const ids = this.list(node, 'disable', (item, path) => {
      if (item.type !== 'string') {
        this.error(item, `${path}: expected a rule id string, found ${describe(item)}`);
        return undefined;
      }
      const id = String(item.value);
      if (ext === 'none') this.report(item, 'warning', `${path}: "${id}" has no effect with "extends": "none"`);
      else if (!BUILT_IN_PATH_IDS.has(id) && !BUILT_IN_CONTENT_IDS.has(id)) {
        const hint = closest(id, [...BUILT_IN_PATH_IDS, ...BUILT_IN_CONTENT_IDS]);
        this.report(item, 'warning', `${path}: no built-in rule has id "${id}"${hint ? `; did you mean "${hint}"?` : ''}`);
      }
      return id;
    });
    return ids;
  }

  private tiers(node: Node | undefined): Record<Tier, TierRequirements> {
    const out: Record<Tier, TierRequirements> = { ...DEFAULT_REQUIREMENTS };
    if (!node) return out;
    if (node.type !== 'object') {
      this.error(node, `tiers: expected an object keyed by tier, found ${describe(node)}`);
      return out;
    }
    for (const [name, prop] of this.props(node, 'tiers', TIERS)) {
      if (!isTier(name)) continue;
      const path = `tiers.${name}`;
      if (prop.value.type !== 'object') {
        this.error(prop.value, `${path}: expected an object, found ${describe(prop.value)}`);
        continue;
      }
      const merged: { -readonly [K in keyof TierRequirements]: TierRequirements[K] } = { ...DEFAULT_REQUIREMENTS[name] };
      for (const [key, p] of this.props(prop.value, path, REQUIREMENT_KEYS)) {
        if (key === 'reviewers') {
          const v = p.value;
          if (v.type === 'number' && Number.isInteger(v.value) && (v.value as number) >= 0 && (v.value as number) <= MAX_REVIEWERS) merged.reviewers = v.value as number;
          else this.error(v, `${path}.reviewers: expected an integer from 0 to ${MAX_REVIEWERS}, found ${describe(v)}`);
        } else if (key === 'block' || key === 'requireTrailer' || key === 'editorWarning') {
          const b = this.boolean(p.value, `${path}.${key}`);
          if (b !== undefined) merged[key] = b;
        }
      }
      out[name] = merged;
    }
    return out;
  }

  private codeowners(node: Node | undefined): CodeownersSettings {
    if (!node) return DEFAULT_CODEOWNERS_SETTINGS;
    if (node.type !== 'object') {
      this.error(node, `codeowners: expected an object, found ${describe(node)}`);
      return DEFAULT_CODEOWNERS_SETTINGS;
    }
    const props = this.props(node, 'codeowners', CODEOWNERS_KEYS);
    const out = { ...DEFAULT_CODEOWNERS_SETTINGS };
    const enabled = props.get('enabled')?.value;
    if (enabled) out.enabled = this.boolean(enabled, 'codeowners.enabled') ?? out.enabled;
    const raiseTo = props.get('raiseTo')?.value;
    if (raiseTo) out.raiseTo = this.enumValue(raiseTo, 'codeowners.raiseTo', RAISE_TO_TIERS) ?? out.raiseTo;
    const catchAll = props.get('ignoreCatchAll')?.value;
    if (catchAll) out.ignoreCatchAll = this.boolean(catchAll, 'codeowners.ignoreCatchAll') ?? out.ignoreCatchAll;
    return out;
  }
}
