import { join, resolve, sep } from 'node:path';
import type { TaskSpec } from '../engine/index.js';
import type { TaskLaunch } from '../executors/index.js';
import { ControllerError } from './errors.js';

export interface LaunchContext {
  dataDir: string;
  runUid: string;
  workflowName: string;
  namespace: string;
}

/** Where a run's artifacts live: `<dataDir>/artifacts/<runUid>/`. */
export function runArtifactRoot(dataDir: string, runUid: string): string {
  return join(resolve(dataDir), 'artifacts', runUid);
}

/**
 * An input artifact may only come from this run's own artifact store: `from` is substituted from
 * parameters, so without this check a parameter could make a task read any file on the host.
 */
function checkArchive(path: string, ctx: LaunchContext, name: string): string {
  const root = runArtifactRoot(ctx.dataDir, ctx.runUid) + sep;
  const full = resolve(path);
  if (!full.startsWith(root)) {
    throw new ControllerError('ERR_CONTROLLER_ARTIFACT_SOURCE', `input artifact '${name}': source is not an artifact of this workflow`);
  }
  return full;
}

/** Turns the engine's TaskSpec into what the executor runs. Secrets are resolved by the caller. */
export function buildLaunch(task: TaskSpec, ctx: LaunchContext, env: Record<string, string>): TaskLaunch {
  const files = task.inputArtifacts.filter((a) => a.raw !== undefined).map((a) => ({ path: a.path, content: a.raw ?? '', ...(a.mode !== undefined ? { mode: a.mode } : {}) }));
  const inputArtifacts = task.inputArtifacts.filter((a) => a.fromArchive !== undefined)
    .map((a) => ({ name: a.name, path: a.path, archivePath: checkArchive(a.fromArchive ?? '', ctx, a.name) }));
  return {
    taskId: `${ctx.runUid}/${task.nodeId}`,
    // Argo runs scripts as command + args + <script path>; the executor appends the path.
    command: [...task.command, ...task.args],
    ...(task.script !== undefined ? { script: { source: task.script } } : {}),
    env: {
      ...env,
      KEYFLOW_WORKFLOW_NAME: ctx.workflowName,
      KEYFLOW_NAMESPACE: ctx.namespace,
      KEYFLOW_NODE_NAME: task.nodeName,
      KEYFLOW_RETRIES: String(task.retries),
    },
    ...(task.workingDir ? { workingDir: task.workingDir } : {}),
    ...(task.timeoutMs !== undefined ? { timeoutMs: task.timeoutMs } : {}),
    files,
    inputArtifacts,
    outputs: task.outputs,
    artifactDir: join(runArtifactRoot(ctx.dataDir, ctx.runUid), task.nodeId),
    network: true,
  };
}
