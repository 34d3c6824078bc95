import type { Path } from './diagnostic.js';
import type { LintContext } from './lint-context.js';
import { isObj, listAt, objAt, objEntries, type Obj } from './read-values.js';
import { listNamedLists } from './list-named-items.js';

/**
 * Argo features Keyflow cannot run yet. Each is valid Argo, so lint reports it in its own category
 * (`unsupported`) instead of as an error, and never ignores it silently. When the engine learns a
 * feature, its row goes away.
 */
export interface FeatureRule {
  feature: string;
  reason: string;
  find: (ctx: LintContext) => Path[];
}

/** Remote artifact stores; artifacts with a path, `from`, or `raw` use Keyflow's local store. */
export const REMOTE_STORES = ['s3', 'gcs', 'git', 'http', 'azure', 'oss', 'hdfs', 'artifactory', 'plugin'] as const;

const inTemplates = (pick: (t: Obj, path: Path) => Path[]) => (ctx: LintContext): Path[] =>
  ctx.templates.flatMap(({ template, path }) => pick(template, path));
const field = (name: string, when: (v: unknown) => boolean = (v) => v !== undefined && v !== null) =>
  inTemplates((t, path) => (when(t[name]) ? [[...path, name]] : []));
const specField = (name: string) => (ctx: LintContext): Path[] =>
  ctx.site && ctx.site.spec[name] != null ? [[...ctx.site.path, name]] : [];

function containersOf(t: Obj, path: Path): Array<[Obj, Path]> {
  const out: Array<[Obj, Path]> = [];
  for (const kind of ['container', 'script']) if (isObj(t[kind])) out.push([t[kind] as Obj, [...path, kind]]);
  for (const [c, i] of objEntries(objAt(t['containerSet'])?.['containers'])) out.push([c, [...path, 'containerSet', 'containers', i]]);
  return out;
}

function semaphoreSources(sync: unknown, path: Path, source: 'configMapKeyRef' | 'database'): Path[] {
  const s = objAt(sync);
  if (!s) return [];
  const list = [...(isObj(s['semaphore']) ? [[s['semaphore'], [...path, 'semaphore']] as const] : []),
    ...listAt(s['semaphores']).map((v, i) => [v, [...path, 'semaphores', i]] as const)];
  return list.filter(([v]) => isObj(v) && v[source] != null).map(([, p]) => [...p, source]);
}

const synchronization = (source: 'configMapKeyRef' | 'database') => (ctx: LintContext): Path[] => [
  ...(ctx.site ? semaphoreSources(ctx.site.spec['synchronization'], [...ctx.site.path, 'synchronization'], source) : []),
  ...inTemplates((t, p) => semaphoreSources(t['synchronization'], [...p, 'synchronization'], source))(ctx),
];

const artifactStores = (ctx: LintContext): Path[] => listNamedLists(ctx)
  .filter((l) => l.what === 'artifact')
  .flatMap((l) => objEntries(l.items).flatMap(([a, i]) => REMOTE_STORES.filter((s) => a[s] != null).map((s) => [...l.path, i, s])));

const configMapParameters = (ctx: LintContext): Path[] => listNamedLists(ctx)
  .filter((l) => l.what === 'parameter')
  .flatMap((l) => objEntries(l.items).filter(([p]) => objAt(p['valueFrom'])?.['configMapKeyRef'] != null).map(([, i]) => [...l.path, i, 'valueFrom', 'configMapKeyRef']));

const envFromCluster = inTemplates((t, path) => containersOf(t, path).flatMap(([c, cp]) => [
  ...(c['envFrom'] != null ? [[...cp, 'envFrom']] : []),
  ...objEntries(c['env']).filter(([e]) => e['valueFrom'] != null).map(([, i]) => [...cp, 'env', i, 'valueFrom']),
]));

const noCommand = inTemplates((t, path) => {
  const c = objAt(t['container']);
  return c && listAt(c['command']).length === 0 ? [[...path, 'container']] : [];
});

const archiveStores = inTemplates((t, path) => {
  const loc = objAt(t['archiveLocation']);
  return loc ? REMOTE_STORES.filter((s) => loc[s] != null).map((s) => [...path, 'archiveLocation', s]) : [];
});

/** The table, in the order findings are reported. */
export const UNSUPPORTED_FEATURES: readonly FeatureRule[] = [
  { feature: 'resource template', reason: 'Keyflow does not create Kubernetes resources', find: field('resource') },
  { feature: 'http template', reason: 'Keyflow has no HTTP template runner yet', find: field('http') },
  { feature: 'data template', reason: 'Keyflow has no data template runner yet', find: field('data') },
  { feature: 'plugin template', reason: 'executor plugins need the Argo agent', find: field('plugin') },
  { feature: 'executorPlugins', reason: 'executor plugins need the Argo agent', find: specField('executorPlugins') },
  { feature: 'containerSet with more than one container', reason: 'Keyflow runs one process per task', find: inTemplates((t, p) => (listAt(objAt(t['containerSet'])?.['containers']).length > 1 ? [[...p, 'containerSet']] : [])) },
  { feature: 'container without command', reason: "Keyflow runs the command on the host and cannot use an image's entrypoint", find: noCommand },
  { feature: 'sidecars', reason: 'Keyflow runs no sidecar processes', find: field('sidecars') },
  { feature: 'initContainers', reason: 'Keyflow runs no init containers', find: field('initContainers') },
  { feature: 'daemon', reason: 'daemon steps that outlive their step are not supported', find: field('daemon', (v) => v === true) },
  { feature: 'volumes', reason: 'Kubernetes volumes cannot be mounted by host processes', find: (ctx) => [...specField('volumes')(ctx), ...field('volumes')(ctx)] },
  { feature: 'volumeClaimTemplates', reason: 'Keyflow does not create PersistentVolumeClaims', find: specField('volumeClaimTemplates') },
  { feature: 'artifact store', reason: 'Keyflow only has its local artifact store', find: artifactStores },
  { feature: 'archiveLocation store', reason: 'Keyflow only has its local artifact store', find: archiveStores },
  { feature: 'artifactRepositoryRef', reason: 'Keyflow only has its local artifact store', find: specField('artifactRepositoryRef') },
  { feature: 'valueFrom.configMapKeyRef', reason: 'Keyflow reads no Kubernetes ConfigMaps', find: configMapParameters },
  { feature: 'env from Kubernetes objects', reason: 'use Keyflow secrets granted to the service account instead', find: envFromCluster },
  { feature: 'semaphore from a ConfigMap', reason: 'Keyflow reads no Kubernetes ConfigMaps', find: synchronization('configMapKeyRef') },
  { feature: 'semaphore limit in the controller database', reason: 'only mutexes are supported', find: synchronization('database') },
  { feature: 'memoize', reason: 'Keyflow has no memoization cache yet', find: field('memoize') },
  { feature: 'metrics', reason: 'custom Prometheus metrics are not emitted yet', find: (ctx) => [...specField('metrics')(ctx), ...field('metrics')(ctx)] },
];
