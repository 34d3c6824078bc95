/** Safety limits of manifest parsing; the CLI and the API server use the same numbers. */
export const SPEC_LIMITS = {
  /** Largest manifest file accepted (bytes). Real Argo workflows are a few KiB; 4 MiB leaves room. */
  maxBytes: 4 * 1024 * 1024,
  /**
   * Largest number of alias expansions per document. Real manifests use a handful of anchors; a
   * "billion laughs" document needs thousands, so 100 stops it long before memory is at risk.
   */
  maxAliasCount: 100,
  /** Documents per file; a stream of thousands of tiny documents is an attack, not a workflow. */
  maxDocuments: 1000,
  /** Nesting levels; Argo workflows stay well under 50, the YAML parser's recursion stays far from the stack limit. */
  maxDepth: 200,
} as const;
