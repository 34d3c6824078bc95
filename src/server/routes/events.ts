import type { RunState } from '../../engine/index.js';
import { fromStored } from '../../controller/index.js';
import { apiWorkflow, selectableLabels, PHASE_LABEL, COMPLETED_LABEL } from '../api-objects.js';
import type { WatchEvent } from '../event-hub.js';
import { matchesFields, parseFieldSelector } from '../field-selector.js';
import { labelEqualities, matchesLabels, parseLabelSelector } from '../label-selector.js';
import type { RouteDeps, RouteHandlers } from '../route-deps.js';
import { LIST_QUERY, NS_PARAMS } from '../schemas.js';
import { openSseStream } from '../sse-stream.js';

interface WatchQuery { 'listOptions.labelSelector'?: string; 'listOptions.fieldSelector'?: string; 'listOptions.resourceVersion'?: string }

function labelsOf(state: RunState): Record<string, string> {
  const finished = state.phase !== 'Pending' && state.phase !== 'Running';
  return { ...(state.metadata.labels ?? {}), [PHASE_LABEL]: state.phase, [COMPLETED_LABEL]: String(finished) };
}

const frame = (type: string, object: unknown) => JSON.stringify({ result: { type, object } });

/**
 * Argo's watch stream as server-sent events: first ADDED for every matching workflow (unless the client
 * resumes from a resourceVersion), then ADDED/MODIFIED/DELETED as they happen, until the client leaves.
 */
export function eventRoutes(deps: RouteDeps): RouteHandlers {
  return {
    watch: {
      schema: { params: NS_PARAMS, querystring: LIST_QUERY },
      async handler(request, reply) {
        const { namespace } = request.params as { namespace: string };
        const q = request.query as WatchQuery;
        const labels = parseLabelSelector(q['listOptions.labelSelector']);
        const byName = parseFieldSelector(q['listOptions.fieldSelector'], namespace);
        const matches = (s: RunState) => s.namespace === namespace && matchesFields(s.name, byName) && matchesLabels(labelsOf(s), labels);
        const stream = openSseStream(reply, deps.closing);
        // Events that arrive while the initial list is read wait, then go out unless the list already had them.
        let backlog: { uid: string; version: number | undefined; data: string }[] | undefined = [];
        const unsubscribe = deps.events.subscribe((e: WatchEvent) => {
          if (!matches(e.state)) return;
          if (backlog) backlog.push({ uid: e.state.uid, version: e.version, data: e.data });
          else stream.send(e.data);
        });
        stream.onClose(unsubscribe);
        const listed = new Map<string, number>();
        try {
          if (q['listOptions.resourceVersion'] === undefined) {
            const runs = await deps.store.listRuns({ namespace, labels: labelEqualities(labels, (k) => k === PHASE_LABEL || k === COMPLETED_LABEL) });
            for (const run of runs.filter((r) => matchesLabels(selectableLabels(r), labels) && matchesFields(r.name, byName))) {
              if (stream.closed) return reply;
              listed.set(run.uid, run.resourceVersion);
              stream.send(frame('ADDED', apiWorkflow(fromStored(run, await deps.store.listNodes(run.uid)).state, run.resourceVersion)));
            }
          }
        } catch (err) {
          request.log.error({ err }, 'workflow event stream: initial list failed');
          stream.send(JSON.stringify({ error: { code: 13, message: 'internal error' } }), 'error');
          stream.close();
          return reply;
        }
        for (const e of backlog) if (e.version === undefined || e.version > (listed.get(e.uid) ?? 0)) stream.send(e.data);
        backlog = undefined;
        return reply;
      },
    },
  };
}
