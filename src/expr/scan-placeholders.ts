/**
 * Finds Argo template tags in a string: `{{name}}` (simple) and `{{= expr}}` (expression). Single
 * braces are text. Argo's scanner (fasttemplate) ends a tag at the first `}}`; for expression tags we
 * also skip `}}` inside string literals and nested `{...}` (map literals, closures), so
 * `{{= toJson({a: {b: 1}})}}` is one tag. An unterminated `{{` is an error, as in Argo.
 */
import { exprErrorAt } from './errors.js';
import type { Placeholder } from './types.js';

/** Finds every `{{...}}` tag in `text`; an unterminated `{{` is an ERR_EXPR_SYNTAX error. */
export function scanPlaceholders(text: string): Placeholder[] {
  if (typeof text !== 'string') throw new TypeError('scanPlaceholders: text must be a string');
  const found: Placeholder[] = [];
  let i = text.indexOf('{{');
  while (i >= 0) {
    const expression = text[i + 2] === '=';
    const close = expression ? expressionEnd(text, i + 3) : text.indexOf('}}', i + 2);
    if (close < 0) {
      throw exprErrorAt('ERR_EXPR_SYNTAX', `unterminated '${expression ? '{{=' : '{{'}' (no matching '}}')`, text, i);
    }
    const inner = text.slice(i + (expression ? 3 : 2), close).trim();
    found.push({ start: i, end: close + 2, inner, kind: expression ? 'expression' : 'simple' });
    i = text.indexOf('{{', close + 2);
  }
  return found;
}

/** Offset of the `}}` closing an expression tag whose body starts at `from`, or -1. */
function expressionEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      i = stringEnd(text, i);
      if (i < 0) return -1;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      if (depth === 0 && text[i + 1] === '}') return i;
      if (depth > 0) depth--;
    }
  }
  return -1;
}

function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\' && quote !== '`') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}
