/**
 * Public surface of the spec domain: Argo manifests (and Keyflow's own kinds) parsed from text with
 * source positions, and validated into diagnostics that say where and why. Pure: takes text, no I/O.
 */
export * from './types.js';
export { formatPath, compareDiagnostics, RULE_CODES, type Diagnostic, type Severity, type RuleCode, type Path, type PathSegment } from './diagnostic.js';
export { SpecError, describeDiagnostics, type SpecErrorCode } from './errors.js';
export { SPEC_LIMITS } from './limits.js';
export type { Locator, SourcePosition } from './locate-node.js';
export { parseManifests, type ParsedDocument, type ParseManifestsOptions } from './parse-manifests.js';
export { decodeManifestBytes, tooLarge } from './check-text.js';
export { lintManifests, lintText, validateManifest, type LintManifestsOptions } from './lint-manifests.js';
export type { LintOptions } from './lint-context.js';
export { parseWorkflow } from './parse-workflow.js';
export { normalizeManifest } from './normalize-manifest.js';
export { CHECKS } from './checks.js';
export { UNSUPPORTED_FEATURES } from './unsupported-features.js';
