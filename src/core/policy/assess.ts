import type { CompiledPolicy, PathClassification } from './classifier';
import type { ContentFinding, ScanLine } from './content';
import { scanLines } from './content';
import type { Tier } from './tiers';
import { maxTier } from './tiers';

export interface RiskAssessment {
  /** The higher of the path's tier and the highest content finding. */
  readonly tier: Tier;
  readonly path: PathClassification;
  readonly findings: readonly ContentFinding[];
}

/**
 * Risk of AI-origin lines landing in a file: what the editor recomputes per edit and the gate
 * per changed file. Pass only the AI-origin lines; human text never raises the risk.
 */
export function assessRisk(compiled: CompiledPolicy, path: string, aiLines: readonly ScanLine[]): RiskAssessment {
  const classification = compiled.classify(path);
  const findings = aiLines.length === 0 ? [] : scanLines(aiLines, compiled, { path: classification.path });
  return { tier: maxTier(classification.tier, ...findings.map((f) => f.tier)), path: classification, findings };
}
