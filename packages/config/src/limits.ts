/**
 * Hard limits that keep hostile or broken input from hanging or crashing the compiler.
 * Each is far above what any real config needs.
 */
export const limits = {
  /** CircleCI refuses compiled configs over 8 MB; we refuse sources over it too. */
  maxSourceBytes: 8 * 1024 * 1024,
  /** Nesting depth of YAML collections (real configs stay under 20). */
  maxDepth: 128,
  /**
   * Nodes after expanding every alias, counted once per use. "Billion laughs" documents
   * reach 10^9 here from a few hundred bytes; real configs stay well below 10^5.
   */
  maxExpandedNodes: 1_000_000,
  /** Nesting of command → command → … invocations, and of orbs within orbs. */
  maxInvocationDepth: 32,
  /** Jobs in one workflow after matrix expansion. */
  maxJobsPerWorkflow: 5_000,
  /** Size of a processed config; the same 8 MB limit, applied after expansion. */
  maxProcessedBytes: 8 * 1024 * 1024,
} as const;
