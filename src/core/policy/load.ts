import { join } from 'node:path';
import type { Codeowners } from './codeowners';
import { CODEOWNERS_LOCATIONS, MAX_CODEOWNERS_BYTES, parseCodeowners } from './codeowners';
import { defaultPolicy } from './defaults';
import type { ParsedPolicy, PolicyProblem } from './model';
import { POLICY_FILE } from './model';
import { parsePolicy } from './parse';

/**
 * Reads a file's text; resolves `undefined` when it does not exist. The extension passes its
 * workspace file system, the CLI and the hooks `fs`, the CI gate `git show <base>:<path>`.
 */
export type ReadFile = (absolutePath: string) => Promise<string | undefined>;

export interface LoadedPolicy extends ParsedPolicy {
  /** Absolute path of the policy file that was read; undefined when the repository has none. */
  readonly policyFile: string | undefined;
  /** The CODEOWNERS file in force, when `codeowners.enabled` and one exists. */
  readonly codeowners: Codeowners | undefined;
}

export interface LoadOptions {
  /** Read this policy file instead of `<repoRoot>/.ai-provenance.json` (absolute). */
  readonly policyFile?: string;
}

/**
 * Loads the policy of a repository: its `.ai-provenance.json` (built-in defaults when absent or
 * broken) and, when enabled, the first CODEOWNERS found. Never rejects: read failures become
 * problems. Problem file names are absolute paths.
 */
export async function loadPolicy(repoRoot: string, readFile: ReadFile, options: LoadOptions = {}): Promise<LoadedPolicy> {
  const policyPath = options.policyFile ?? join(repoRoot, POLICY_FILE);
  const read = await safeRead(readFile, policyPath);
  let parsed: ParsedPolicy;
  let policyFile: string | undefined;
  if (read.error !== undefined) {
    parsed = { policy: defaultPolicy(), problems: [fileProblem(policyPath, 'error', `cannot read: ${read.error}`)], fellBack: true };
    policyFile = policyPath;
  } else if (read.text === undefined) {
    parsed = { policy: defaultPolicy(), problems: [], fellBack: false };
  } else {
    parsed = parsePolicy(read.text, policyPath);
    policyFile = policyPath;
  }

  const problems: PolicyProblem[] = [...parsed.problems];
  let codeowners: Codeowners | undefined;
  if (parsed.policy.codeowners.enabled) {
    for (const rel of CODEOWNERS_LOCATIONS) {
      const abs = join(repoRoot, rel);
      const co = await safeRead(readFile, abs);
      if (co.error !== undefined) {
        problems.push(fileProblem(abs, 'warning', `cannot read: ${co.error}; CODEOWNERS ignored`));
        break;
      }
      if (co.text === undefined) continue;
      if (co.text.length > MAX_CODEOWNERS_BYTES) {
        problems.push(fileProblem(abs, 'warning', `larger than ${MAX_CODEOWNERS_BYTES} bytes; CODEOWNERS ignored (GitHub ignores it too)`));
        break;
      }
      const result = parseCodeowners(co.text, rel);
      codeowners = result.codeowners;
      problems.push(...result.problems.map((p) => ({ ...p, file: abs })));
      break;
    }
  }
  return { ...parsed, problems, policyFile, codeowners };
}

async function safeRead(readFile: ReadFile, path: string): Promise<{ text?: string | undefined; error?: string }> {
  try {
    return { text: await readFile(path) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    // Callers that forget to map "missing" to undefined still get the right behaviour.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { text: undefined };
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

function fileProblem(file: string, severity: PolicyProblem['severity'], message: string): PolicyProblem {
  return { file, line: 1, column: 1, offset: 0, length: 1, severity, message };
}
