import type { Path } from './diagnostic.js';
import type { LintContext } from './lint-context.js';
import { listInvocations } from './manifest-model.js';
import { isObj, objAt, strAt, type Obj } from './read-values.js';
import { resolveInvocation, resolveLocal, type Resolution } from './resolve-invocation.js';

/** One call of a template with the arguments the caller passes. */
export interface Call {
  caller: string;
  path: Path;
  arguments: Obj | undefined;
  /** Extra argument lists merged in (a workflowTemplateRef's own spec.arguments). */
  moreArguments: Obj[];
  resolution: Resolution;
  /** The entrypoint of a Workflow gets spec.arguments; the message then says where to add them. */
  entry: boolean;
}

/**
 * Every call site of a document: steps, tasks, hooks, and for Workflows and CronWorkflows the entrypoint
 * and onExit (which Argo calls with spec.arguments). WorkflowTemplates are called by others, so their
 * entrypoint is not a call site here.
 */
export function listCalls(ctx: LintContext): Call[] {
  const site = ctx.site;
  if (!site) return [];
  const calls: Call[] = [];
  const addHooks = (hooks: unknown, path: Path) => {
    if (!isObj(hooks)) return;
    for (const [event, hook] of Object.entries(hooks)) {
      if (!isObj(hook)) continue;
      calls.push({ caller: `hook "${event}"`, path: [...path, event], arguments: objAt(hook['arguments']), moreArguments: [], resolution: resolveInvocation(hook, ctx.local, ctx.library), entry: false });
    }
  };
  if (site.kind === 'Workflow' || site.kind === 'CronWorkflow') addEntryCalls(ctx, calls);
  addHooks(site.spec['hooks'], [...site.path, 'hooks']);
  for (const template of ctx.templates) {
    for (const inv of listInvocations(template)) {
      const caller = `${inv.kind} "${inv.name ?? '?'}"`;
      calls.push({ caller, path: inv.path, arguments: objAt(inv.invocation['arguments']), moreArguments: [], resolution: resolveInvocation(inv.invocation, ctx.local, ctx.library), entry: false });
      addHooks(inv.invocation['hooks'], [...inv.path, 'hooks']);
    }
  }
  return calls;
}

function addEntryCalls(ctx: LintContext, calls: Call[]): void {
  const site = ctx.site!;
  const ref = ctx.workflowRef;
  if (ref && ref.status !== 'found') return;
  const templates = ref ? ref.entry.templates : ctx.local;
  const more = ref ? [objAt(ref.entry.spec['arguments']) ?? {}] : [];
  const entrypoint = strAt(site.spec['entrypoint']) ?? (ref ? strAt(ref.entry.spec['entrypoint']) : undefined);
  const args = objAt(site.spec['arguments']);
  if (entrypoint !== undefined) {
    calls.push({ caller: 'the entrypoint', path: [...site.path, 'arguments'], arguments: args, moreArguments: more, resolution: resolveLocal(entrypoint, templates), entry: true });
  }
  const onExit = strAt(site.spec['onExit']);
  if (onExit !== undefined) {
    calls.push({ caller: 'onExit', path: [...site.path, 'onExit'], arguments: args, moreArguments: more, resolution: resolveLocal(onExit, templates), entry: true });
  }
}
