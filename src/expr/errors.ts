import { KeyflowError } from '../errors/index.js';

export type ExprErrorCode = 'ERR_EXPR_SYNTAX' | 'ERR_EXPR_EVAL' | 'ERR_EXPR_LIMIT';

/**
 * Every failure of the expression domain. `position` is the 0-based offset into the expression text the
 * message talks about; the message itself already says where ("at column 7") and why.
 */
export class ExprError extends KeyflowError {
  declare readonly code: ExprErrorCode;
  readonly position?: number;

  constructor(code: ExprErrorCode, message: string, position?: number, options?: { cause?: unknown }) {
    super(code, message, options);
    if (position !== undefined) this.position = position;
  }
}

/** Human location of a 0-based offset: "column 7", or "line 2, column 3" in multi-line text. */
export function describePosition(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = position - lineStart + 1;
  return text.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
}

/** An ExprError whose message ends with the location of `position` in `text`. */
export function exprErrorAt(
  code: ExprErrorCode,
  why: string,
  text: string,
  position: number,
): ExprError {
  return new ExprError(code, `${why} at ${describePosition(text, position)}`, position);
}
