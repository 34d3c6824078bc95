/** Replaces `{{name}}` by vars[name] and `{{= expr}}` by the stringified value of expr. */
export function substitute(
  text: string,
  vars: Readonly<Record<string, string>>,
  opts?: { exprEnv?: Readonly<Record<string, unknown>>; leaveUnknown?: boolean },
): string {
  throw new Error(`not implemented: ${text.length} ${Object.keys(vars).length} ${String(opts)}`);
}
