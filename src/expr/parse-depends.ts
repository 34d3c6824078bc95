import type { DependsAst } from './types.js';

/** Parses a DAG task `depends` expression. */
export function parseDepends(text: string): DependsAst {
  throw new Error(`not implemented: ${text.length}`);
}
