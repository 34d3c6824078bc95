/** Evaluates an Argo `when` expression; the result must be a boolean. */
export function evaluateWhen(text: string): boolean {
  throw new Error(`not implemented: ${text.length}`);
}
