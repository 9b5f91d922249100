import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GitMissingError } from '../../git/exec';
import type { GateFormat } from '../../gate/format';
import { GATE_FORMATS, formatMarkdown, formatReport, formatSummary } from '../../gate/format';
import { runGate } from '../../gate/gate';
import type { FailOn } from '../../gate/model';
import { FAIL_ON_VALUES } from '../../gate/model';
import { GateError } from '../../gate/range';
import { parse, policyFileOption, repoDirOption } from '../args';
import type { CliCommand, CliIO } from '../io';
import { EXIT_USAGE, UsageError } from '../io';

const USAGE = `Usage: ai-provenance gate --base <rev> [--head <rev>] [--policy <file>] [--approvals <n>]
                          [--format text|json|markdown|sarif] [--output <file>] [--summary <file>] [--sarif <file>]
                          [--fail-on error|warning|never] [--ignore-review-trailers] [--repo DIR]

Checks every non-merge commit in merge-base(base, head)..head against the policy committed at
<base> (so a change cannot loosen its own check): recomputes each commit's blast radius from
its diff, compares it with its trailers, scans AI-origin added lines with the content rules and
applies the per-tier requirements. Needs the full history of both revisions.

  --base        the branch or commit the change will be merged into (required)
  --head        the change (default HEAD; in CI pass the pull request's head sha)
  --policy      judge by this policy file instead of the base revision's .ai-provenance.json
  --approvals   approvals counted by your CI platform; counts for every commit
  --ignore-review-trailers  count only --approvals, not Reviewed-by:/Approved-by: trailers
  --format      of the report (default text)
  --output      write the report to this file; a short summary goes to stdout
  --summary     also append the Markdown report to this file (e.g. "$GITHUB_STEP_SUMMARY")
  --sarif       also write SARIF 2.1.0 to this file (for code scanning)
  --fail-on     error (default): exit 1 on policy violations; warning: also on warnings;
                never: always exit 0 after a report
  --repo        run in this repository (default: the current directory)

Exit codes: 0 pass, 1 policy violation, 2 usage or internal error (e.g. shallow clone).`;

function parseApprovals(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,3}$/.test(value.trim())) throw new UsageError(`--approvals must be a whole number, not '${value}'`);
  return Number(value.trim());
}

export const gateCommand: CliCommand = {
  words: ['gate'],
  summary: 'CI gate: check a range of commits against the base revision\'s policy',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values } = parse(args, {
      base: { type: 'string' },
      head: { type: 'string' },
      policy: { type: 'string' },
      approvals: { type: 'string' },
      'ignore-review-trailers': { type: 'boolean' },
      format: { type: 'string' },
      output: { type: 'string' },
      summary: { type: 'string' },
      sarif: { type: 'string' },
      'fail-on': { type: 'string' },
      repo: { type: 'string' },
    });
    if (!values.base) throw new UsageError('--base is required (the branch or commit the change will be merged into, e.g. --base origin/main)');
    const format = (values.format ?? 'text') as GateFormat;
    if (!GATE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${GATE_FORMATS.join(', ')}, not '${values.format}'`);
    const failOn = (values['fail-on'] ?? 'error') as FailOn;
    if (!FAIL_ON_VALUES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, not '${values['fail-on']}'`);
    const approvals = parseApprovals(values.approvals);
    const cwd = await repoDirOption(io.cwd, values.repo);
    const policyFile = await policyFileOption(io.cwd, values.policy);

    let report;
    try {
      report = await runGate({
        cwd,
        base: values.base,
        ...(values.head !== undefined ? { head: values.head } : {}),
        ...(policyFile !== undefined ? { policyFile } : {}),
        ...(approvals !== undefined ? { approvals } : {}),
        ...(values['ignore-review-trailers'] ? { ignoreReviewTrailers: true } : {}),
        failOn,
        env: io.env,
      });
    } catch (err) {
      if (err instanceof GateError || err instanceof GitMissingError) {
        const hint = err instanceof GateError ? err.hint : 'install git, or put it on PATH';
        io.error(`ai-provenance gate: ${err.message}\n${hint ? `What to do: ${hint}\n` : ''}`);
        return EXIT_USAGE;
      }
      throw err;
    }

    const text = formatReport(report, format);
    if (values.output !== undefined) {
      const out = resolve(io.cwd, values.output);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, text);
      io.write(formatSummary(report, values.output));
    } else {
      io.write(text);
    }
    if (values.summary !== undefined) {
      const file = resolve(io.cwd, values.summary);
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, formatMarkdown(report));
    }
    if (values.sarif !== undefined) {
      const file = resolve(io.cwd, values.sarif);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, formatReport(report, 'sarif'));
    }
    return report.exitCode;
  },
};
