import { stringify } from 'yaml';
import type { CliContext } from './program.js';
import type { RunState } from './backend.js';
import { argoObjectOf } from './from-argo.js';

/** Prints final Workflow objects as JSON or YAML (one object, or a list for several); other formats print nothing. */
export function printRuns(ctx: CliContext, states: RunState[], output: string | undefined): void {
  const objects = states.map(argoObjectOf);
  const value = objects.length === 1 ? objects[0] : objects;
  if (output === 'json') ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
  else if (output === 'yaml') ctx.stdout(stringify(value));
}
