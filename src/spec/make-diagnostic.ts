import { formatPath, type Diagnostic, type Path, type RuleCode, type Severity } from './diagnostic.js';
import type { SourcePosition } from './locate-node.js';

/** Builds a Diagnostic from its parts; the one place where the shape is assembled. */
export function makeDiagnostic(
  severity: Severity,
  code: RuleCode,
  message: string,
  file: string,
  position: SourcePosition,
  path: Path = [],
): Diagnostic {
  return { severity, code, message, file, line: position.line, column: position.column, path: formatPath(path) };
}
