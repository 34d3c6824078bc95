/**
 * Tokenizer for Argo `when` expressions (govaluate syntax, after `{{}}` substitution).
 *
 * Argo turns every govaluate variable into a string literal (workflow/controller/steps.go
 * shouldExecute), so `{{steps.flip.outputs.result}} == heads` compares two strings. We keep that, and
 * read a bare word as one string even when it contains `-`, `.` or `/` between word characters
 * (`hello-world`, `my.svc/v1`): govaluate would split `hello-world` into a subtraction of two strings
 * and fail, which is never what the author meant. Numbers stay numbers, so `5 < 10` is numeric.
 */
import { exprErrorAt } from './errors.js';

export type WhenToken =
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'string' | 'word'; value: string; text: string; pos: number }
  | { kind: 'bool'; value: boolean; text: string; pos: number }
  | { kind: 'op'; value: string; text: string; pos: number }
  | { kind: 'eof'; value: ''; text: ''; pos: number };

const OPERATORS = ['==', '!=', '=~', '!~', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', ','];

// A run of word characters, with -, . or / allowed only between word characters.
const WORD_RUN = /^[\p{L}\p{N}_]+(?:[-./][\p{L}\p{N}_]+)*/u;

/** Splits a `when` expression into tokens; throws ERR_EXPR_SYNTAX at the offending character. */
export function tokenizeWhen(text: string): WhenToken[] {
  const tokens: WhenToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      i = readQuoted(text, i, tokens);
      continue;
    }
    const run = WORD_RUN.exec(text.slice(i));
    if (run) {
      tokens.push(wordToken(run[0], i));
      i += tokens.at(-1)!.text.length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) {
      const hint = c === '{' ? ' (an unresolved {{...}} placeholder?)' : ' (quote values that contain it)';
      throw exprErrorAt('ERR_EXPR_SYNTAX', `unexpected character '${c}'${hint}`, text, i);
    }
    tokens.push({ kind: 'op', value: op, text: op, pos: i });
    i += op.length;
  }
  tokens.push({ kind: 'eof', value: '', text: '', pos: text.length });
  return tokens;
}

/**
 * A run starting with a digit is a number when what follows the numeric prefix is an operator
 * (`5-3`, `10`); otherwise the whole run is a word (`1.2.3`, `3f2a-bc`).
 */
function wordToken(run: string, pos: number): WhenToken {
  const num = /^\d+(?:\.\d+)?/.exec(run);
  if (num) {
    const next = run[num[0].length];
    if (next === undefined || next === '-' || next === '/') {
      return { kind: 'number', value: Number(num[0]), text: num[0], pos };
    }
  }
  if (run === 'true' || run === 'false') return { kind: 'bool', value: run === 'true', text: run, pos };
  if (run === 'in') return { kind: 'op', value: 'in', text: run, pos };
  return { kind: 'word', value: run, text: run, pos };
}

function readQuoted(text: string, start: number, out: WhenToken[]): number {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    // govaluate: a backslash escapes the next character, whatever it is.
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i];
    i++;
  }
  if (i >= text.length) throw exprErrorAt('ERR_EXPR_SYNTAX', 'unterminated string literal', text, start);
  out.push({ kind: 'string', value, text: text.slice(start, i + 1), pos: start });
  return i + 1;
}
