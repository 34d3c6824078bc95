/**
 * Narrowing of untrusted manifest data. Checks read the raw document through these so a field of the
 * wrong type (reported once by check-field-types) never crashes a later check.
 */
export type Obj = Record<string, unknown>;

/** True for a YAML mapping. */
export function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value if it is a mapping. */
export function objAt(value: unknown): Obj | undefined {
  return isObj(value) ? value : undefined;
}

/** The value if it is a list, else an empty list. */
export function listAt(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value if it is a non-empty string. */
export function strAt(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A scalar as Argo's AnyString reads it (numbers and booleans become strings). */
export function scalarAt(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The mappings of a list, each with its index (entries of other types are skipped). */
export function objEntries(value: unknown): Array<[Obj, number]> {
  const out: Array<[Obj, number]> = [];
  listAt(value).forEach((item, i) => {
    if (isObj(item)) out.push([item, i]);
  });
  return out;
}

/** True when a string contains an Argo `{{...}}` placeholder, i.e. is only known at run time. */
export function isTemplated(value: string): boolean {
  return value.includes('{{');
}
