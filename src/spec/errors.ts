import { KeyflowError } from '../errors/index.js';
import type { Diagnostic } from './diagnostic.js';

export type SpecErrorCode = 'ERR_SPEC_YAML' | 'ERR_SPEC_INVALID' | 'ERR_SPEC_TOO_LARGE' | 'ERR_SPEC_NOT_FOUND';

/**
 * A manifest that cannot be used. `diagnostics` lists every problem found (errors only), each with
 * file:line:column, so the API can return all of them at once instead of the first.
 */
export class SpecError extends KeyflowError {
  declare readonly code: SpecErrorCode;
  readonly diagnostics: Diagnostic[];

  constructor(code: SpecErrorCode, message: string, diagnostics: Diagnostic[] = [], options?: { cause?: unknown }) {
    super(code, message, options);
    this.diagnostics = diagnostics;
  }
}

/** One line per diagnostic, `file:line:column: message (path)`, for error messages. */
export function describeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message} (${d.path})`).join('\n');
}
