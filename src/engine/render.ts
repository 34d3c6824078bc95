import { scanPlaceholders, evaluateExpression, ExprError } from '../expr/index.js';
import { EngineError } from './errors.js';
import { itemText, type Scope } from './scope.js';

/**
 * Names whose values are only known later (inside the task, or at a later stage of evaluation); left
 * verbatim instead of failing, as Argo leaves them for its executor.
 */
const LATE_BOUND = /^(pod\.name|node\.name|retries|item(\..*)?|steps\..*|tasks\..*|workflow\.(status|failures|outputs\..*))$/;

export interface RenderOptions {
  /** Leave unknown late-bound names verbatim instead of failing (used for pre-expansion fields). */
  lenient?: boolean;
}

/** Stringifies an expression result the way Argo prints it into templates. */
function exprText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return itemText(value);
}

/**
 * Substitutes `{{name}}` and `{{= expr}}` in one string. One pass, left to right: text that a value
 * brings in is never scanned again, so a parameter value containing `{{...}}` cannot inject variables.
 */
export function render(text: string, scope: Scope, where: string, opts: RenderOptions = {}): string {
  if (!text.includes('{{')) return text;
  let placeholders;
  try {
    placeholders = scanPlaceholders(text);
  } catch (err) {
    throw wrap(err, where);
  }
  if (placeholders.length === 0) return text;
  let out = '';
  let at = 0;
  for (const ph of placeholders) {
    out += text.slice(at, ph.start);
    at = ph.end;
    if (ph.kind === 'expression') {
      try {
        out += exprText(evaluateExpression(ph.inner, scope.env()));
      } catch (err) {
        if (opts.lenient) out += text.slice(ph.start, ph.end);
        else throw wrap(err, where);
      }
      continue;
    }
    const value = scope.lookup(ph.inner);
    if (value !== undefined) out += value;
    else if (opts.lenient && LATE_BOUND.test(ph.inner)) out += text.slice(ph.start, ph.end);
    else throw new EngineError('ERR_ENGINE_PARAMETER_MISSING', `${where}: failed to resolve {{${ph.inner}}}`);
  }
  return out + text.slice(at);
}

/** Renders every string inside a JSON-like value (arrays and plain objects), returning a copy. */
export function renderDeep<T>(value: T, scope: Scope, where: string, opts: RenderOptions = {}): T {
  if (typeof value === 'string') return render(value, scope, where, opts) as T;
  if (Array.isArray(value)) return value.map((v, i) => renderDeep(v, scope, `${where}[${i}]`, opts)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderDeep(v, scope, `${where}.${k}`, opts);
    return out as T;
  }
  return value;
}

function wrap(err: unknown, where: string): EngineError {
  if (err instanceof ExprError) return new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: ${err.message}`, { cause: err });
  if (err instanceof EngineError) return err;
  return new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: ${(err as Error).message}`, { cause: err });
}
