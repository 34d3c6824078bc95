/**
 * Deep, masked copy of a JSON-like value (workflow outputs, results, API responses): every string is
 * redacted, object keys too, and a number or bigint whose decimal form contains a secret value becomes
 * the redacted string. Values with toJSON (Date, ...) are converted first, as JSON.stringify would.
 * Other values (booleans, null, undefined, functions, symbols) are kept as they are. Shared and cyclic
 * references are copied once and stay shared. The walk uses an explicit stack, so depth is not limited
 * by the call stack. Two keys that become the same masked key keep the later value.
 */
interface Task {
  from: unknown;
  into: object;
  key: string | number;
}

function define(into: object, key: string | number, value: unknown): void {
  // defineProperty rather than assignment: a key such as `__proto__` stays a plain own key.
  Object.defineProperty(into, key, { value, writable: true, enumerable: true, configurable: true });
}

function copyContainer(v: object, tasks: Task[], redact: (s: string) => string): object {
  if (Array.isArray(v)) {
    const arr: unknown[] = new Array(v.length);
    for (let i = v.length - 1; i >= 0; i -= 1) tasks.push({ from: v[i], into: arr, key: i });
    return arr;
  }
  const obj = {};
  const entries = Object.entries(v);
  // Define every key now, in order, so the copy keeps the original key order.
  for (const [k] of entries) define(obj, redact(k), undefined);
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const [k, x] = entries[i] as [string, unknown];
    tasks.push({ from: x, into: obj, key: redact(k) });
  }
  return obj;
}

/** Deep copy of `value` with `redact` applied to every string (see the module comment). */
export function redactObjectWith<T>(value: T, redact: (s: string) => string): T {
  const seen = new Map<object, object>();
  const root = { v: undefined as unknown };
  const tasks: Task[] = [{ from: value, into: root, key: 'v' }];
  for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) {
    let v = task.from;
    if (typeof v === 'object' && v !== null && !seen.has(v) && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON(): unknown }).toJSON();
    }
    let out: unknown = v;
    if (typeof v === 'string') {
      out = redact(v);
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      const text = String(v);
      const masked = redact(text);
      out = masked === text ? v : masked;
    } else if (typeof v === 'object' && v !== null) {
      out = seen.get(v);
      if (out === undefined) {
        out = copyContainer(v, tasks, redact);
        seen.set(v, out as object);
      }
    }
    define(task.into, task.key, out);
  }
  return root.v as T;
}
