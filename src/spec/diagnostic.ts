/**
 * A lint finding. Severity is a category, not a scale: `unsupported` marks Argo features Keyflow cannot run
 * yet (valid for Argo, so not an error), `info` marks things Keyflow deliberately ignores.
 */
export type Severity = 'error' | 'warning' | 'unsupported' | 'info';

/** Stable rule ids; docs/lint.md has a section per id (test/spec/lint-docs.test.ts keeps them in sync). */
export const RULE_CODES = [
  'yaml-syntax', 'yaml-alias-limit', 'binary-content', 'too-large', 'too-deep', 'empty-file', 'not-a-mapping', 'unreadable-file',
  'ignored-kind', 'required-field', 'invalid-type', 'unknown-field', 'ignored-field', 'invalid-name', 'duplicate-name',
  'template-type', 'unknown-template', 'unresolved-template-ref', 'unknown-dependency', 'cycle', 'invalid-dag',
  'unresolved-reference', 'invalid-expression', 'missing-argument', 'enum-violation', 'invalid-value',
  'unsupported-feature', 'internal-error',
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

export interface Diagnostic {
  severity: Severity;
  code: RuleCode;
  message: string;
  file: string;
  /** 1-based; 0 when the manifest came without source positions (JSON objects given to the API). */
  line: number;
  column: number;
  /** JSON-path-like location, e.g. `spec.templates[2].dag.tasks[0].dependencies`. */
  path: string;
}

/** A location inside a manifest: map keys and sequence indexes from the document root. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Formats a path the way users read it: `spec.templates[2].dag.tasks[0]`, odd keys as `["a/b"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, unsupported: 1, warning: 2, info: 3 };

/** Orders diagnostics by file, then position, then severity, so output is stable. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}
