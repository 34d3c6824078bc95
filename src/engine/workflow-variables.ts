import type { RunView } from './run-view.js';
import { isFailedOrError } from './phases.js';

/** `{{workflow.failures}}`: the failed nodes as Argo lists them for exit handlers. */
function failures(view: RunView): string {
  const failed = view.allIds().map((id) => view.node(id)).filter((n) => n && n.type === 'Pod' && isFailedOrError(n.phase));
  return JSON.stringify(failed.map((n) => ({
    displayName: n?.displayName, message: n?.message, templateName: n?.templateName, phase: n?.phase, podName: n?.id, finishedAt: n?.finishedAt,
  })));
}

/** The workflow's status as templates see it: inside exit handlers, the outcome of the main entrypoint. */
function status(view: RunView): string {
  return view.run.mainPhase ?? view.run.phase;
}

function duration(view: RunView): string {
  const started = view.run.startedAt ? Date.parse(view.run.startedAt) : view.ctx.now.getTime();
  return String((view.ctx.now.getTime() - started) / 1000);
}

/** `{{workflow.<rest>}}`, or undefined when the name is not a workflow variable. */
export function workflowVariable(view: RunView, rest: string[]): string | undefined {
  const { base, run } = view;
  const [a, b] = rest;
  const tail = rest.slice(1).join('.');
  switch (a) {
    case 'name': return base.name;
    case 'namespace': return base.namespace;
    case 'uid': return base.uid;
    case 'serviceAccountName': return base.spec.serviceAccountName ?? 'default';
    case 'mainEntrypoint': return base.spec.entrypoint;
    case 'creationTimestamp': return b === undefined ? base.metadata.creationTimestamp ?? run.startedAt : undefined;
    case 'status': return status(view);
    case 'failures': return failures(view);
    case 'duration': return duration(view);
    case 'priority': return '0';
    case 'scheduledTime': return base.metadata.annotations?.['workflows.argoproj.io/scheduled-time'];
    case 'parameters':
      if (b === undefined) return JSON.stringify(Object.entries(run.parameters).map(([name, value]) => ({ name, value })));
      return run.parameters[tail];
    case 'labels': return base.metadata.labels?.[tail];
    case 'annotations': return base.metadata.annotations?.[tail];
    case 'outputs':
      if (b === 'parameters') return run.outputs.parameters[rest.slice(2).join('.')];
      if (b === 'artifacts') return run.outputs.artifacts[rest.slice(2).join('.')];
      return undefined;
    default: return undefined;
  }
}

/** The object expressions see as `workflow`. */
export function workflowEnv(view: RunView): Record<string, unknown> {
  const { base, run } = view;
  return {
    name: base.name,
    namespace: base.namespace,
    uid: base.uid,
    serviceAccountName: base.spec.serviceAccountName ?? 'default',
    mainEntrypoint: base.spec.entrypoint,
    creationTimestamp: base.metadata.creationTimestamp ?? run.startedAt,
    status: status(view),
    parameters: { ...run.parameters },
    labels: { ...base.metadata.labels },
    annotations: { ...base.metadata.annotations },
    outputs: { parameters: { ...run.outputs.parameters }, artifacts: { ...run.outputs.artifacts } },
    get failures() {
      return failures(view);
    },
    duration: Number(duration(view)),
  };
}
