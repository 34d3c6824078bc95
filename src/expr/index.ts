/**
 * Public surface of the expression domain: Argo `{{...}}` placeholders, govaluate `when`, DAG `depends`
 * and expr-lang expressions. Everything is evaluated by our own parsers and interpreters (no eval,
 * Function or vm), under the limits in EXPR_LIMITS, and fails with ExprError.
 */
export { ExprError, type ExprErrorCode } from './errors.js';
export { EXPR_LIMITS } from './limits.js';
export type {
  Placeholder,
  TaskResultName,
  WhenAst,
  WhenBinaryOp,
  DependsAst,
  ExprAst,
  ExprUnaryOp,
  ExprBinaryOp,
} from './types.js';
// 1. Argo {{...}} placeholders
export { scanPlaceholders } from './scan-placeholders.js';
export { substitute, type SubstituteOptions } from './substitute.js';
export { buildExprEnv } from './build-expr-env.js';
// 2. Argo `when` (govaluate semantics)
export { parseWhen } from './parse-when.js';
export { evaluateWhen } from './evaluate-when.js';
// 3. DAG `depends`
export { parseDepends } from './parse-depends.js';
export { dependsTaskNames, evaluateDepends } from './evaluate-depends.js';
// 4. expr-lang
export { parseExpression } from './parse-expression.js';
export { evaluateExpression, type EvaluateOptions } from './evaluate-expression.js';
export { expressionIdentifiers } from './list-identifiers.js';
