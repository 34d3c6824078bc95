/**
 * Safety limits for every expression language. Expressions come from workflow authors, who are not
 * trusted with the controller's CPU or memory: each limit turns a hostile input into ERR_EXPR_LIMIT.
 */
export const EXPR_LIMITS = Object.freeze({
  /** Characters in one expression, `when`, `depends` or template string. */
  maxLength: 10 * 1024,
  /** Nesting depth of parentheses, brackets, calls and operators in the parser. */
  maxDepth: 64,
  /** Evaluation steps (AST nodes visited plus elements touched by builtins) per evaluation. */
  maxSteps: 100_000,
  /** Characters in any string, or elements in any list or map, produced during evaluation. */
  maxValueSize: 1024 * 1024,
  /** Characters in a regular expression pattern. */
  maxRegexLength: 1024,
  /** Characters of text a regular expression may be matched against. */
  maxRegexInput: 64 * 1024,
});
