import type { WhenAst } from './types.js';

/** Parses an Argo `when` (govaluate) expression, after `{{}}` substitution. */
export function parseWhen(text: string): WhenAst {
  throw new Error(`not implemented: ${text.length}`);
}
