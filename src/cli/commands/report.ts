import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GitMissingError } from '../../git/exec';
import { formatHistoryHtml, formatHistoryMarkdown } from '../../gate/format/history';
import type { Bucket } from '../../gate/history';
import { buildHistory } from '../../gate/history';
import { GateError } from '../../gate/range';
import { parse, policyFileOption, repoDirOption } from '../args';
import type { CliCommand, CliIO } from '../io';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../io';

const USAGE = `Usage: ai-provenance report [--since <date>] [--format markdown|html|json] [--output <file>]
                            [--rev <rev>] [--by week|month|auto] [--depth <n>] [--policy <file>] [--repo DIR]

AI share of added lines over time, per risk tier and per folder, from the provenance trailers in
the history of <rev> (default HEAD). Markdown by default; html is one self-contained page with a
chart (no scripts, nothing loaded from the network).

  --since   only commits after this date ("2025-01-01", "3 months ago")
  --format  markdown (default), html or json
  --output  write to this file instead of stdout
  --rev     the history to read (default HEAD)
  --by      period length (default auto: weeks up to half a year, months beyond)
  --depth   folder levels that group paths (default 1)
  --policy  classify paths with this policy file instead of the one committed at <rev>
  --repo    run in this repository (default: the current directory)`;

export const reportCommand: CliCommand = {
  words: ['report'],
  summary: 'AI share over time per tier and folder, as Markdown or an HTML page',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values } = parse(args, {
      since: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string' },
      rev: { type: 'string' },
      by: { type: 'string' },
      depth: { type: 'string' },
      policy: { type: 'string' },
      repo: { type: 'string' },
    });
    const format = values.format ?? 'markdown';
    if (!['markdown', 'html', 'json'].includes(format)) throw new UsageError(`--format must be markdown, html or json, not '${format}'`);
    const by = values.by ?? 'auto';
    if (!['week', 'month', 'auto'].includes(by)) throw new UsageError(`--by must be week, month or auto, not '${by}'`);
    let depth = 1;
    if (values.depth !== undefined) {
      if (!/^[1-9]$/.test(values.depth)) throw new UsageError(`--depth must be a number from 1 to 9, not '${values.depth}'`);
      depth = Number(values.depth);
    }
    const cwd = await repoDirOption(io.cwd, values.repo);
    const policyFile = await policyFileOption(io.cwd, values.policy);
    let report;
    try {
      report = await buildHistory({
        cwd,
        ...(values.rev !== undefined ? { rev: values.rev } : {}),
        ...(values.since !== undefined ? { since: values.since } : {}),
        ...(policyFile !== undefined ? { policyFile } : {}),
        bucket: by as Bucket | 'auto',
        depth,
        env: io.env,
      });
    } catch (err) {
      if (err instanceof GateError || err instanceof GitMissingError) {
        const hint = err instanceof GateError ? err.hint : 'install git, or put it on PATH';
        io.error(`ai-provenance report: ${err.message}\n${hint ? `What to do: ${hint}\n` : ''}`);
        return EXIT_USAGE;
      }
      throw err;
    }
    const text = format === 'html' ? formatHistoryHtml(report) : format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatHistoryMarkdown(report);
    if (values.output !== undefined) {
      const out = resolve(io.cwd, values.output);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, text);
      io.write(`AI share ${(report.totals.aiShare * 100).toFixed(1)}% over ${report.totals.commits} commits; ${format} report written to ${values.output}\n`);
    } else {
      io.write(text);
    }
    return EXIT_OK;
  },
};
