/**
 * Public types of the expression domain. Every AST node carries `pos`, the 0-based offset of its first
 * character in the source text, so later errors (evaluation, validation) can point at it.
 */

/** One `{{...}}` tag found in a string. `start`/`end` delimit the whole tag (end is exclusive). */
export interface Placeholder {
  start: number;
  end: number;
  /** Text between the braces, trimmed; for `{{= expr}}` the leading `=` is removed. */
  inner: string;
  kind: 'simple' | 'expression';
}

/** Task results a `depends` operand may name (Argo enhanced depends). */
export type TaskResultName =
  | 'Succeeded'
  | 'Failed'
  | 'Errored'
  | 'Skipped'
  | 'Omitted'
  | 'Completed'
  | 'Daemoned'
  | 'AnySucceeded'
  | 'AllFailed';

// ---- govaluate `when` ----------------------------------------------------------------------------

export type WhenBinaryOp =
  | '==' | '!=' | '<' | '>' | '<=' | '>=' | '=~' | '!~'
  | '&&' | '||'
  | '+' | '-' | '*' | '/' | '%';

/** AST of an Argo `when` (govaluate) expression after `{{}}` substitution. */
export type WhenAst =
  | { kind: 'literal'; value: string | number | boolean; pos: number }
  | { kind: 'unary'; op: '!' | '-'; operand: WhenAst; pos: number }
  | { kind: 'binary'; op: WhenBinaryOp; left: WhenAst; right: WhenAst; pos: number }
  | { kind: 'in'; value: WhenAst; list: WhenAst[]; pos: number };

// ---- DAG `depends` -------------------------------------------------------------------------------

/** AST of a DAG task `depends` expression. `result` is absent for a bare task name. */
export type DependsAst =
  | { kind: 'task'; task: string; result?: TaskResultName; pos: number }
  | { kind: 'not'; operand: DependsAst; pos: number }
  | { kind: 'and' | 'or'; left: DependsAst; right: DependsAst; pos: number };

// ---- expr-lang -----------------------------------------------------------------------------------

export type ExprUnaryOp = '!' | 'not' | '-' | '+';

export type ExprBinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '**'
  | '==' | '!=' | '<' | '>' | '<=' | '>='
  | '&&' | '||' | '??'
  | 'in' | 'matches' | 'contains' | 'startsWith' | 'endsWith'
  | '..';

/**
 * AST of an expr-lang expression (`{{= ...}}`, valueFrom.expression, retryStrategy.expression, ...).
 * `a not in b` parses as `not (a in b)`, likewise for matches/contains/startsWith/endsWith.
 */
export type ExprAst =
  | { kind: 'literal'; value: string | number | boolean | null; pos: number }
  | { kind: 'array'; items: ExprAst[]; pos: number }
  | { kind: 'map'; entries: { key: string; value: ExprAst }[]; pos: number }
  /** A root name looked up in the environment. */
  | { kind: 'identifier'; name: string; pos: number }
  /** `#` (the current element) or `#index` inside a closure. */
  | { kind: 'pointer'; name: '' | 'index'; pos: number }
  /** `object.name`, `object[expr]`, `object?.name`; `computed` is true for the bracket form. */
  | { kind: 'member'; object: ExprAst; property: ExprAst; optional: boolean; computed: boolean; pos: number }
  | { kind: 'slice'; object: ExprAst; from?: ExprAst; to?: ExprAst; pos: number }
  /** A call of an allow-listed function: `len(x)`, `sprig.add(1, 2)` (name `sprig.add`). */
  | { kind: 'call'; name: string; args: ExprAst[]; pos: number }
  /** A method call on a value, e.g. `(now() - t).Seconds()`; only allow-listed methods evaluate. */
  | { kind: 'method'; object: ExprAst; name: string; args: ExprAst[]; optional: boolean; pos: number }
  | { kind: 'closure'; body: ExprAst; pos: number }
  | { kind: 'unary'; op: ExprUnaryOp; operand: ExprAst; pos: number }
  | { kind: 'binary'; op: ExprBinaryOp; left: ExprAst; right: ExprAst; pos: number }
  | { kind: 'conditional'; test: ExprAst; consequent: ExprAst; alternate: ExprAst; pos: number };
