import { readFile, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { CompiledPolicy, LoadedPolicy, PathClassification, PolicyProblem, ReadFile, TierRequirements } from '../../core/policy';
import { POLICY_FILE, STARTER_POLICY, compilePolicy, formatProblem, hasErrors, loadPolicy, normalizeRepoPath } from '../../core/policy';
import { GitMissingError } from '../../git/exec';
import { discoverRepo } from '../../git/repo';
import { parse } from '../args';
import type { CliCommand, CliIO } from '../io';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../io';

const CHECK_USAGE = `Usage: ai-provenance policy check [--repo DIR] [--file FILE]

Validates ${POLICY_FILE} (and the CODEOWNERS file it reads) and prints each problem as
file:line:col: severity: message. Exits 1 when there are errors (the built-in defaults then
apply), 0 otherwise.

  --repo DIR   repository to check (default: the one containing the current directory)
  --file FILE  validate this file instead of <repo>/${POLICY_FILE}`;

const EXPLAIN_USAGE = `Usage: ai-provenance policy explain <path>... [--json] [--repo DIR]

Prints each path's risk tier, the rules that match it and why, and what the gates require.
Paths are relative to the current directory, or to the repository root with --repo; they need
not exist.

  --json       machine-readable output
  --repo DIR   repository whose policy applies (default: the one containing the current directory)`;

const INIT_USAGE = `Usage: ai-provenance policy init [--repo DIR]

Writes a commented starter ${POLICY_FILE} at the repository root. Never overwrites.

  --repo DIR   repository to write to (default: the one containing the current directory)`;

/** Missing files are `undefined`, as ReadFile asks; other failures are the loader's to report. */
const readText: ReadFile = async (path) => {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
};

/**
 * The top of the work tree containing `--repo` (or the current directory). Outside a repository,
 * or without git, the directory itself: a policy file can be checked anywhere.
 */
async function findRoot(io: CliIO, repo: string | undefined): Promise<string> {
  const dir = resolve(io.cwd, repo ?? '.');
  if (repo !== undefined) {
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new UsageError(`--repo: '${repo}' is not a directory`);
  }
  try {
    return (await discoverRepo(dir, { env: io.env }))?.root ?? dir;
  } catch (err) {
    if (err instanceof GitMissingError) return dir;
    throw err;
  }
}

/** Relative to the current directory when inside it, so terminals can open `file:line:col`. */
function shown(io: CliIO, file: string): string {
  const rel = relative(io.cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function sortProblems(problems: readonly PolicyProblem[]): PolicyProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

function summary(loaded: LoadedPolicy): string {
  const p = loaded.policy;
  const builtIn = p.pathRules.filter((r) => r.source === 'built-in').length;
  const co = loaded.codeowners ? `CODEOWNERS: ${loaded.codeowners.file} (${loaded.codeowners.entries.length} entries)` : p.codeowners.enabled ? 'no CODEOWNERS' : 'CODEOWNERS off';
  return `extends ${p.extends}; ${p.pathRules.length} path rules (${builtIn} built-in, ${p.pathRules.length - builtIn} repo), ${p.contentRules.length} content rules; ${co}`;
}

export const policyCheckCommand: CliCommand = {
  words: ['policy', 'check'],
  summary: `validate ${POLICY_FILE} and CODEOWNERS`,
  usage: CHECK_USAGE,
  async run(args, io) {
    const { values } = parse(args, { repo: { type: 'string' }, file: { type: 'string' } });
    const root = await findRoot(io, values.repo);
    const file = values.file === undefined ? undefined : resolve(io.cwd, values.file);
    if (file !== undefined && !(await stat(file).catch(() => undefined))) throw new UsageError(`--file: '${values.file}' does not exist`);
    const loaded = await loadPolicy(root, readText, file === undefined ? {} : { policyFile: file });
    for (const p of sortProblems(loaded.problems)) io.write(`${formatProblem(p, shown(io, p.file))}\n`);
    const errors = loaded.problems.filter((p) => p.severity === 'error').length;
    const warnings = loaded.problems.length - errors;
    if (errors > 0) {
      io.write(`${errors} error(s), ${warnings} warning(s); the built-in defaults apply until the errors are fixed.\n`);
      return EXIT_FAIL;
    }
    if (loaded.policyFile === undefined) {
      io.write(`No ${POLICY_FILE} in ${root}; the built-in defaults apply: ${summary(loaded)}.\n`);
      return EXIT_OK;
    }
    io.write(`OK: ${shown(io, loaded.policyFile)}: ${summary(loaded)}${warnings > 0 ? `; ${warnings} warning(s)` : ''}.\n`);
    return EXIT_OK;
  },
};

function requirementsText(r: TierRequirements): string {
  const parts = [`${r.reviewers} reviewer${r.reviewers === 1 ? '' : 's'}`];
  if (r.requireTrailer) parts.push('trailer required');
  if (r.editorWarning) parts.push('editor warning');
  if (r.block) parts.push('BLOCKED in CI');
  return parts.join(', ');
}

function explainText(input: string, c: PathClassification, compiled: CompiledPolicy): string {
  const head = `${c.path || input}: ${c.tier}${c.decidedBy ? ` (decided by ${c.decidedBy})` : ' (no rule matches)'}`;
  const width = Math.max(0, ...c.rules.map((r) => r.id.length));
  const rules = c.rules.map((r) => `  ${r.id === c.decidedBy ? '*' : ' '} ${r.id.padEnd(width)}  ${r.tier.padEnd(8)}  ${r.source.padEnd(10)}  ${r.reason}`);
  return [head, ...rules, `    gates: ${requirementsText(compiled.requirements(c.tier))}`].join('\n');
}

export const policyExplainCommand: CliCommand = {
  words: ['policy', 'explain'],
  summary: 'show the risk tier of paths and the rules behind it',
  usage: EXPLAIN_USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' }, repo: { type: 'string' } }, true);
    if (positionals.length === 0) throw new UsageError('give at least one path');
    const root = await findRoot(io, values.repo);
    const base = values.repo === undefined ? io.cwd : root;
    const paths = positionals.map((input) => {
      const rel = relative(root, resolve(base, input));
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`'${input}' is not a path inside the repository ${root}`);
      return { input, rel: normalizeRepoPath(rel) };
    });
    const loaded = await loadPolicy(root, readText);
    const compiled = compilePolicy(loaded.policy, { codeowners: loaded.codeowners });
    const results = paths.map((p) => ({ ...p, classification: compiled.classify(p.rel) }));
    if (values.json) {
      const out = {
        repoRoot: root,
        policyFile: loaded.policyFile ?? null,
        fellBack: loaded.fellBack,
        problems: loaded.problems,
        paths: results.map((r) => ({
          input: r.input,
          path: r.classification.path,
          tier: r.classification.tier,
          decidedBy: r.classification.decidedBy ?? null,
          rules: r.classification.rules,
          requirements: compiled.requirements(r.classification.tier),
        })),
      };
      io.write(`${JSON.stringify(out, null, 2)}\n`);
      return EXIT_OK;
    }
    if (hasErrors(loaded.problems)) {
      io.error(`warning: ${shown(io, loaded.policyFile ?? join(root, POLICY_FILE))} has errors (see 'ai-provenance policy check'); using the built-in defaults\n`);
    }
    io.write(`${results.map((r) => explainText(r.input, r.classification, compiled)).join('\n\n')}\n`);
    return EXIT_OK;
  },
};

export const policyInitCommand: CliCommand = {
  words: ['policy', 'init'],
  summary: `write a commented starter ${POLICY_FILE}`,
  usage: INIT_USAGE,
  async run(args, io) {
    const { values } = parse(args, { repo: { type: 'string' } });
    const root = await findRoot(io, values.repo);
    const file = join(root, POLICY_FILE);
    try {
      // `wx` fails if the file exists, with no window between a check and the write.
      await writeFile(file, STARTER_POLICY, { encoding: 'utf8', flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        io.error(`${shown(io, file)} already exists; not overwritten\n`);
        return EXIT_FAIL;
      }
      throw err;
    }
    io.write(`Wrote ${shown(io, file)}. Check it with 'ai-provenance policy check'.\n`);
    return EXIT_OK;
  },
};

export const policyCommands: readonly CliCommand[] = [policyCheckCommand, policyExplainCommand, policyInitCommand];
