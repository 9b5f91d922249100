import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { isMode, makeOrigin } from '../../core/origin';
import { stderrLogger } from '../../core/log';
import { locateRepoFile } from '../../state/repoFiles';
import { markLines } from '../../state/markFile';
import { fromHookAgent, runHookCommand } from '../../agents/hookEntry';
import { parse, parseLineRanges } from '../args';
import type { CliCommand, CliIO } from '../io';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../io';

const USAGE = `Usage: ai-provenance mark --file <path> [--lines <a-b>[,<c-d>...]] [--tool <name>] [--model <id>]
                          [--mode suggestive|agentic|autonomous] [--human] [--json]
       ai-provenance mark --from-hook claude-code|copilot|cursor|codex|gemini   (payload on stdin)

Records that lines of a file were written by AI (or, with --human, by a person). Lines are
1-based and inclusive; without --lines the whole file is marked. Works from any directory
inside the repository, with or without VS Code running; an open editor shows the marks
within a second.

  --file   the file (relative to the current directory or absolute)
  --lines  line ranges, e.g. 10-24,30
  --tool   the tool that wrote them (default: unknown), e.g. claude-code, codex, aider
  --model  the model id, when known
  --mode   suggestive (completions), agentic (default: multi-step agent), autonomous (unattended)
  --human  mark the lines as human-written instead
  --json   print the result as JSON

  --from-hook <agent>  run as an agent's hook (see 'ai-provenance agents connect'): read the
           agent's JSON payload on stdin and record exactly the text it wrote. Prints nothing and
           always exits 0, so it can never fail the agent (for gemini it prints {}, which Gemini CLI
           reads as "no decision"); problems go to hook.log in the
           repository's ai-provenance state directory.`;

export const markCommand: CliCommand = {
  words: ['mark'],
  summary: 'record lines of a file as AI-written (or human-written)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const hookAgent = fromHookAgent(args);
    if (hookAgent !== undefined) return runHookCommand(hookAgent, io);
    const { values } = parse(args, {
      file: { type: 'string' },
      lines: { type: 'string' },
      tool: { type: 'string' },
      model: { type: 'string' },
      mode: { type: 'string' },
      human: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (!values.file) throw new UsageError('--file is required');
    const mode = values.mode ?? 'agentic';
    if (!isMode(mode)) throw new UsageError(`--mode must be suggestive, agentic or autonomous, not '${mode}'`);
    const lines = values.lines !== undefined ? parseLineRanges(values.lines) : 'all';

    const abs = resolve(io.cwd, values.file);
    let text: string;
    try {
      text = await fs.readFile(abs, 'utf8');
    } catch (err) {
      io.error(`ai-provenance mark: cannot read ${values.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
      return EXIT_FAIL;
    }
    const log = stderrLogger(io.env.AIP_LOG, (t) => io.error(t));
    const located = await locateRepoFile(abs, log, 'cli');
    if (!located) {
      io.error(`ai-provenance mark: ${values.file} is not inside a git work tree; marks are kept per repository\n`);
      return EXIT_FAIL;
    }
    const origin = values.human
      ? null
      : makeOrigin({ tool: values.tool, mode, model: values.model, confidence: 'high', source: 'cli-mark' });
    let result;
    try {
      result = await markLines(located.store, located.relPath, text, lines, origin);
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(err.message);
      throw err;
    }
    const spans = result.lines.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
    if (values.json) {
      io.write(
        `${JSON.stringify({ file: located.relPath, lines: result.lines, origin: origin ? { tool: origin.tool, mode: origin.mode, model: origin.model ?? null } : 'human', ranges: result.totalRanges })}\n`,
      );
    } else {
      const what = origin ? `AI (${origin.tool}, ${origin.mode}${origin.model ? `, ${origin.model}` : ''})` : 'human-written';
      io.write(`marked ${located.relPath} lines ${spans} as ${what}\n`);
    }
    return EXIT_OK;
  },
};
