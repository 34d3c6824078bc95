import { CliError } from './cli-error.js';

/** Collects repeated `-p name=value` flags (commander's custom option processing). */
export function collectParam(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Turns `name=value` strings into a map; the value may contain '=' and anything else, verbatim. */
export function parseParams(values: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new CliError(`invalid parameter '${v}': expected name=value`);
    const name = v.slice(0, eq);
    if (!/^[-a-zA-Z0-9_.]+$/.test(name)) throw new CliError(`invalid parameter name '${name}': use letters, digits, '-', '_' and '.'`);
    out[name] = v.slice(eq + 1);
  }
  return out;
}
