import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stderrLogger } from '../../core/log';
import { GitMissingError } from '../../git/exec';
import { prepareTrailers } from '../../git/hooks/prepare';
import type { VariantKind } from '../../state/prepared';
import { parse } from '../args';
import type { CliCommand, CliIO } from '../io';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../io';

const USAGE = `Usage: ai-provenance trailers [--repo DIR] [--amend] [--prepare] [--json]

Prints the trailers the commit hook adds for what is staged now (the tree the index would
commit), one 'Key: value' line each. The numbers count the lines the commit adds and those of
them that are AI lines (docs/trailers.md).

  --repo DIR  repository (default: the one containing the current directory)
  --amend     for 'git commit --amend': lines counted against HEAD's parent
  --prepare   also store them where the commit hook finds them, so committing this tree does
              not start Node (the editor does this whenever the index changes)
  --json      the trailers, the tree id and the AI lines of every file as JSON

Used by the hook (prints nothing, always exits 0): --for-hook normal|amend|squash --tree ID`;

export const trailersCommand: CliCommand = {
  words: ['trailers'],
  summary: 'print (and prepare) the AI-origin trailers for what is staged',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values } = parse(args, {
      repo: { type: 'string' },
      amend: { type: 'boolean' },
      prepare: { type: 'boolean' },
      json: { type: 'boolean' },
      'for-hook': { type: 'string' },
      tree: { type: 'string' },
    });
    const log = stderrLogger(io.env.AIP_LOG, (t) => io.error(t));
    const forHook = values['for-hook'];
    if (forHook !== undefined) {
      if (forHook !== 'normal' && forHook !== 'amend' && forHook !== 'squash') throw new UsageError('--for-hook takes normal, amend or squash');
      if (values.tree !== undefined && !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(values.tree)) throw new UsageError('--tree must be an object id');
      // The hook waits for this: give up rather than hold the commit (it then writes `unknown`).
      const deadline = Number(io.env.AIP_DEADLINE_MS) > 0 ? Number(io.env.AIP_DEADLINE_MS) - 1000 : 19_000;
      const work = prepareTrailers(io.cwd, { env: io.env, log, variants: [forHook], ...(values.tree ? { tree: values.tree } : {}) }).then(
        () => 'done',
        (err: unknown) => {
          io.error(`ai-provenance trailers --for-hook: ${err instanceof Error ? err.message : String(err)}\n`);
          return 'failed';
        },
      );
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((res) => (timer = setTimeout(() => res('timeout'), Math.max(1000, deadline))));
      const outcome = await Promise.race([work, timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') io.error('ai-provenance trailers --for-hook: timed out\n');
      return EXIT_OK;
    }

    const dir = resolve(io.cwd, values.repo ?? '.');
    if (values.repo !== undefined && !(await stat(dir).catch(() => undefined))?.isDirectory()) throw new UsageError(`--repo: '${values.repo}' is not a directory`);
    const kind: VariantKind = values.amend ? 'amend' : 'normal';
    let prepared;
    try {
      prepared = await prepareTrailers(dir, { env: io.env, log, write: values.prepare === true, ...(values.prepare ? {} : { variants: [kind] }) });
    } catch (err) {
      if (err instanceof GitMissingError) {
        io.error(`ai-provenance trailers: ${err.message}\n`);
        return EXIT_FAIL;
      }
      throw err;
    }
    if (!prepared) {
      io.error(`ai-provenance trailers: ${dir} is not inside a git work tree\n`);
      return EXIT_FAIL;
    }
    const variant = prepared.variants.find((v) => v.kind === kind);
    if (!variant) {
      io.error('ai-provenance trailers: there is no commit to amend\n');
      return EXIT_FAIL;
    }
    if (values.json) {
      const a = variant.attribution;
      io.write(
        `${JSON.stringify(
          {
            tree: prepared.tree,
            head: prepared.head ?? null,
            base: variant.base ?? null,
            variant: kind,
            trailers: variant.trailers.map((t) => `${t.key}: ${t.value}`),
            provenance: a.provenance,
            ...(a.unknownReason !== undefined ? { unknownReason: a.unknownReason } : {}),
            files: a.files.map((f) => ({
              path: f.path,
              addedLines: f.addedLines,
              aiLines: f.aiLines.map((l) => ({ line: l.line, edited: l.edited, tool: l.tool, mode: l.mode, ...(l.model ? { model: l.model } : {}) })),
            })),
            ...(prepared.file ? { preparedFile: prepared.file } : {}),
          },
          null,
          2,
        )}\n`,
      );
      return EXIT_OK;
    }
    io.write(variant.trailers.map((t) => `${t.key}: ${t.value}\n`).join(''));
    if (variant.attribution.unknownReason !== undefined) io.error(`note: provenance is unknown: ${variant.attribution.unknownReason}\n`);
    return EXIT_OK;
  },
};
