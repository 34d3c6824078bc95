import type { Path } from './diagnostic.js';
import type { Check, LintContext } from './lint-context.js';
import { objAt, objEntries, strAt, type Obj } from './read-values.js';

/** Argo's closed vocabularies (validate.go and the CRD types). */
const RETRY_POLICIES = ['Always', 'OnFailure', 'OnError', 'OnTransientError'];
const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
const SHUTDOWN = ['Stop', 'Terminate'];
const POD_GC = ['OnPodCompletion', 'OnPodSuccess', 'OnWorkflowCompletion', 'OnWorkflowSuccess'];
const RESOURCE_ACTIONS = ['get', 'create', 'apply', 'delete', 'replace', 'patch'];
const PULL_POLICIES = ['Always', 'Never', 'IfNotPresent'];

/** Fields with a fixed set of values must use one of them (a typo like `OnFailed` is silently wrong otherwise). */
export const checkFixedValues: Check = (ctx) => {
  const site = ctx.site;
  if (!site) return;
  const cron = site.kind === 'CronWorkflow' ? objAt(ctx.manifest['spec']) : undefined;
  if (cron) oneOf(ctx, cron['concurrencyPolicy'], ['spec', 'concurrencyPolicy'], CONCURRENCY_POLICIES);
  oneOf(ctx, site.spec['shutdown'], [...site.path, 'shutdown'], SHUTDOWN);
  oneOf(ctx, objAt(site.spec['podGC'])?.['strategy'], [...site.path, 'podGC', 'strategy'], POD_GC);
  oneOf(ctx, objAt(site.spec['retryStrategy'])?.['retryPolicy'], [...site.path, 'retryStrategy', 'retryPolicy'], RETRY_POLICIES);
  for (const { template, path } of ctx.templates) {
    oneOf(ctx, objAt(template['retryStrategy'])?.['retryPolicy'], [...path, 'retryStrategy', 'retryPolicy'], RETRY_POLICIES);
    oneOf(ctx, objAt(template['resource'])?.['action'], [...path, 'resource', 'action'], RESOURCE_ACTIONS);
    for (const [container, kind] of containersOf(template)) oneOf(ctx, container['imagePullPolicy'], [...path, ...kind, 'imagePullPolicy'], PULL_POLICIES);
  }
};

function containersOf(template: Obj): Array<[Obj, Path]> {
  const out: Array<[Obj, Path]> = [];
  for (const kind of ['container', 'script'] as const) {
    const c = objAt(template[kind]);
    if (c) out.push([c, [kind]]);
  }
  for (const [c, i] of objEntries(objAt(template['containerSet'])?.['containers'])) out.push([c, ['containerSet', 'containers', i]]);
  return out;
}

function oneOf(ctx: LintContext, value: unknown, path: Path, allowed: readonly string[]): void {
  const v = strAt(value);
  if (v === undefined || v.includes('{{') || allowed.includes(v)) return;
  ctx.report('error', 'invalid-value', path, `"${v}" is not valid here: use one of ${allowed.join(', ')}`);
}
