/**
 * Argo template substitution: `{{name}}` takes vars[name] verbatim and `{{= expr}}` the value of an
 * expr-lang expression, rendered as text (strings as-is, numbers in JS form, bools as true/false,
 * lists and maps as JSON). With `leaveUnknown`, tags that cannot be resolved yet stay verbatim so a
 * later pass with more variables can resolve them (Argo's allowUnresolved).
 */
import { buildExprEnv } from './build-expr-env.js';
import { describePosition, ExprError, exprErrorAt } from './errors.js';
import { evaluateExpression } from './evaluate-expression.js';
import { scanPlaceholders } from './scan-placeholders.js';
import type { Placeholder } from './types.js';
import { toDisplayString } from './values.js';

export interface SubstituteOptions {
  /** Environment of `{{= }}` expressions; defaults to `vars` expanded into nested maps (as Argo does). */
  exprEnv?: Readonly<Record<string, unknown>>;
  /** Leave unknown `{{name}}` tags, and expressions that fail to evaluate or yield nil, verbatim. */
  leaveUnknown?: boolean;
  /** Clock behind now() in expressions. */
  now?: () => Date;
}

/** Replaces `{{name}}` by vars[name] and `{{= expr}}` by the stringified value of expr. */
export function substitute(text: string, vars: Readonly<Record<string, string>>, opts: SubstituteOptions = {}): string {
  const tags = scanPlaceholders(text);
  if (tags.length === 0) return text;
  let env = opts.exprEnv;
  let out = '';
  let last = 0;
  for (const tag of tags) {
    out += text.slice(last, tag.start);
    last = tag.end;
    if (tag.kind === 'simple') {
      out += simpleValue(text, tag, vars, opts);
      continue;
    }
    env ??= buildExprEnv(vars);
    out += expressionValue(text, tag, env, opts);
  }
  return out + text.slice(last);
}

function simpleValue(text: string, tag: Placeholder, vars: Readonly<Record<string, string>>, opts: SubstituteOptions): string {
  if (Object.hasOwn(vars, tag.inner)) return String(vars[tag.inner]);
  if (opts.leaveUnknown) return text.slice(tag.start, tag.end);
  throw exprErrorAt('ERR_EXPR_EVAL', `unresolved variable {{${tag.inner}}}`, text, tag.start);
}

function expressionValue(text: string, tag: Placeholder, env: Readonly<Record<string, unknown>>, opts: SubstituteOptions): string {
  const verbatim = text.slice(tag.start, tag.end);
  let value: unknown;
  try {
    value = evaluateExpression(tag.inner, env, opts.now ? { now: opts.now } : {});
  } catch (err) {
    if (!(err instanceof ExprError)) throw err;
    if (opts.leaveUnknown && err.code === 'ERR_EXPR_EVAL') return verbatim;
    throw relocate(text, tag, err);
  }
  if (value === null || value === undefined) {
    if (opts.leaveUnknown) return verbatim;
    throw exprErrorAt('ERR_EXPR_EVAL', `expression {{=${tag.inner}}} evaluated to nil`, text, tag.start);
  }
  return toDisplayString(value);
}

/** Re-anchors an error from inside a `{{= }}` tag to the whole template text. */
function relocate(text: string, tag: Placeholder, err: ExprError): ExprError {
  const innerStart = text.indexOf(tag.inner, tag.start + 3);
  const position = err.position === undefined ? tag.start : innerStart + err.position;
  const where = `in the {{= }} tag at ${describePosition(text, tag.start)}`;
  return new ExprError(err.code, `${err.message} ${where}`, position, { cause: err.cause });
}
