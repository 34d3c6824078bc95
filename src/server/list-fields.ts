import { ServerError } from './errors.js';

/**
 * Argo's `fields` query parameter (util/fields): a comma-separated list of dotted paths that either
 * names what to keep (`metadata,items.metadata.name,items.status.phase`) or, with a leading `-` on the
 * paths, what to drop (`-items.status.nodes`). Paths walk through arrays (`items.x` applies to each item).
 */
export interface FieldMask {
  mode: 'include' | 'exclude';
  paths: string[][];
}

/** Parses `fields`; undefined when absent. Mixing kept and dropped paths is refused. */
export function parseFields(text: string | undefined): FieldMask | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const raw = text.split(',').map((p) => p.trim()).filter(Boolean);
  const excluded = raw.filter((p) => p.startsWith('-'));
  if (excluded.length > 0 && excluded.length !== raw.length) {
    throw new ServerError('ERR_SERVER_BAD_REQUEST', `fields: '${text}' mixes kept and dropped (-) paths; use one kind`);
  }
  const paths = raw.map((p) => p.replace(/^-/, '').split('.'));
  for (const p of paths) {
    if (p.some((seg) => !/^[A-Za-z0-9_-]+$/.test(seg))) throw new ServerError('ERR_SERVER_BAD_REQUEST', `fields: '${p.join('.')}' is not a dotted field path`);
  }
  return { mode: excluded.length > 0 ? 'exclude' : 'include', paths };
}

/** Whether the mask keeps `path` (or part of it), so the caller knows whether to load it at all. */
export function maskKeeps(mask: FieldMask | undefined, path: string[]): boolean {
  if (!mask) return false;
  const prefixOf = (a: string[], b: string[]) => a.length <= b.length && a.every((seg, i) => seg === b[i]);
  if (mask.mode === 'include') return mask.paths.some((p) => prefixOf(p, path) || prefixOf(path, p));
  return !mask.paths.some((p) => prefixOf(p, path));
}

type Tree = { [key: string]: Tree | true };

function toTree(paths: string[][]): Tree {
  const root: Tree = {};
  for (const path of paths) {
    let node = root;
    path.forEach((seg, i) => {
      if (node[seg] === true) return;
      if (i === path.length - 1) node[seg] = true;
      else node = (node[seg] ??= {}) as Tree;
    });
  }
  return root;
}

function project(value: unknown, tree: Tree | true): unknown {
  if (tree === true) return value;
  if (Array.isArray(value)) return value.map((v) => project(v, tree));
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(tree)) {
    if (!Object.hasOwn(value, key)) continue;
    const kept = project((value as Record<string, unknown>)[key], sub);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/** Copies along the path only, so shared objects (a run's metadata) are never changed. */
function without(value: unknown, path: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => without(v, path));
  if (value === null || typeof value !== 'object' || path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (!Object.hasOwn(value, head)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (rest.length === 0) delete copy[head];
  else copy[head] = without(copy[head], rest);
  return copy;
}

/** Applies a mask to a response object. */
export function applyFields<T>(value: T, mask: FieldMask | undefined): T {
  if (!mask) return value;
  if (mask.mode === 'include') return (project(value, toTree(mask.paths)) ?? {}) as T;
  return mask.paths.reduce<unknown>((acc, p) => without(acc, p), value) as T;
}
