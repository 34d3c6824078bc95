/**
 * The only methods an expression may call, on the only receivers that have them: Go's time.Duration
 * and time.Time methods Argo users write, e.g. `(now() - t).Seconds() > 360` in a CronWorkflow `when`.
 * No host method is ever looked up on a value; each entry below is our own function.
 */
import { argError, asString } from './convert-values.js';
import { ExprError } from './errors.js';
import { formatGoLayout } from './go-time.js';
import { ExprDuration, formatDuration, formatTime, isTime, typeName } from './values.js';

interface Method {
  receiver: 'duration' | 'time' | 'either';
  args: number;
  fn: (self: never, args: unknown[]) => unknown;
}

const onDuration = (fn: (d: ExprDuration) => unknown): Method => ({ receiver: 'duration', args: 0, fn: (d: ExprDuration) => fn(d) });
const onTime = (args: number, fn: (t: Date, a: unknown[]) => unknown): Method => ({ receiver: 'time', args, fn: (t: Date, a: unknown[]) => fn(t, a) });

function otherTime(method: string, v: unknown): Date {
  if (!isTime(v)) throw argError(method, 'time', v);
  return v;
}

const METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['Seconds', onDuration((d) => d.ms / 1000)],
  ['Minutes', onDuration((d) => d.ms / 60_000)],
  ['Hours', onDuration((d) => d.ms / 3_600_000)],
  ['Milliseconds', onDuration((d) => Math.trunc(d.ms))],
  ['Unix', onTime(0, (t) => Math.floor(t.getTime() / 1000))],
  ['UnixMilli', onTime(0, (t) => t.getTime())],
  ['Year', onTime(0, (t) => t.getUTCFullYear())],
  ['UTC', onTime(0, (t) => t)],
  ['Format', onTime(1, (t, [layout]) => formatGoLayout(t, asString('Format', layout)))],
  ['Sub', onTime(1, (t, [u]) => new ExprDuration(t.getTime() - otherTime('Sub', u).getTime()))],
  ['Before', onTime(1, (t, [u]) => t.getTime() < otherTime('Before', u).getTime())],
  ['After', onTime(1, (t, [u]) => t.getTime() > otherTime('After', u).getTime())],
  ['String', { receiver: 'either', args: 0, fn: (v: Date | ExprDuration) => (isTime(v) ? formatTime(v) : formatDuration(v)) }],
]);

/** Method names the parser accepts after a `.`; anything else followed by `(` is a syntax error. */
export const ALLOWED_METHODS: ReadonlySet<string> = new Set(METHODS.keys());

/** Calls allow-listed method `name` on `self`; ERR_EXPR_EVAL when the receiver has no such method. */
export function callMethod(name: string, self: unknown, args: unknown[]): unknown {
  const m = METHODS.get(name);
  const type = typeName(self);
  if (m === undefined || (m.receiver !== 'either' && m.receiver !== type) || (m.receiver === 'either' && type !== 'time' && type !== 'duration')) {
    throw new ExprError('ERR_EXPR_EVAL', `type ${type} has no method ${name}`);
  }
  if (args.length !== m.args) throw new ExprError('ERR_EXPR_EVAL', `${name} takes ${m.args} arguments, got ${args.length}`);
  return m.fn(self as never, args);
}
