import type { Path } from './diagnostic.js';
import { isObj } from './read-values.js';

export interface StringSite {
  text: string;
  path: Path;
}

/**
 * Every string value under `value`, with its path, skipping the keys in `skip` at the top level (the
 * parts that are checked with another scope, such as a template's steps or a step's inline template).
 */
export function collectStrings(value: unknown, path: Path, skip: readonly string[] = []): StringSite[] {
  const out: StringSite[] = [];
  const stack: Array<{ value: unknown; path: Path; top: boolean }> = [{ value, path, top: true }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') out.push({ text: item.value, path: item.path });
    else if (Array.isArray(item.value)) item.value.forEach((v, i) => stack.push({ value: v, path: [...item.path, i], top: false }));
    else if (isObj(item.value)) {
      for (const [key, v] of Object.entries(item.value)) {
        if (item.top && skip.includes(key)) continue;
        stack.push({ value: v, path: [...item.path, key], top: false });
      }
    }
  }
  return out.reverse();
}
