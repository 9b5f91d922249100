/** The gate's own rules. Content findings use the policy's content rule ids instead. */
export interface GateRule {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

export const GATE_RULES = {
  reviewers: {
    id: 'gate.reviewers',
    name: 'ApprovalsRequired',
    description: 'An AI-origin change in a tier that requires reviewers has fewer distinct approvals than the policy asks for.',
  },
  blocked: {
    id: 'gate.blocked',
    name: 'TierBlocked',
    description: 'The policy blocks AI-origin changes in this tier (`block: true`).',
  },
  missingTrailer: {
    id: 'gate.missing-trailer',
    name: 'ProvenanceTrailerRequired',
    description: 'The tier requires AI provenance trailers (`requireTrailer: true`) and the commit has no known AI-Origin.',
  },
  unknownProvenance: {
    id: 'gate.unknown-provenance',
    name: 'UnknownProvenance',
    description: 'The commit carries no AI provenance; handled by the policy setting `unknownProvenance`.',
  },
  mismatch: {
    id: 'gate.blast-radius-mismatch',
    name: 'BlastRadiusUnderstated',
    description: 'The commit\'s Blast-Radius trailer claims a lower tier than the gate recomputed from the diff with the base policy.',
  },
  invalidTrailer: {
    id: 'gate.invalid-trailer',
    name: 'InvalidTrailer',
    description: 'A provenance trailer value fails the trailer contract\'s allow-list; it is not believed.',
  },
  conflictingTrailers: {
    id: 'gate.conflicting-trailers',
    name: 'ConflictingTrailers',
    description: 'Provenance trailers contradict each other; the gate takes the worst case.',
  },
  aiLines: {
    id: 'gate.ai-lines',
    name: 'AiLinesInconsistent',
    description: 'AI-Lines claims more lines than the commit adds.',
  },
  squash: {
    id: 'gate.squash-aggregated',
    name: 'SquashAggregated',
    description: 'The commit message concatenates several commits\' trailers (a squash); their claims were merged.',
  },
  note: {
    id: 'gate.note-unreadable',
    name: 'NoteUnreadable',
    description: 'The refs/notes/ai-provenance note of the commit could not be read.',
  },
  policy: {
    id: 'gate.base-policy',
    name: 'BasePolicyProblem',
    description: 'The policy file at the base revision has problems.',
  },
} as const satisfies Record<string, GateRule>;

export const GATE_RULE_LIST: readonly GateRule[] = Object.values(GATE_RULES);
