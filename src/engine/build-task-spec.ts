import type { Container, Template } from '../spec/index.js';
import { EngineError } from './errors.js';
import { parseDuration } from './duration.js';
import { render, renderDeep } from './render.js';
import type { Scope } from './scope.js';
import type { ProcessedInputs } from './process-inputs.js';
import type { RunView } from './run-view.js';
import type { TaskSpec } from './types.js';

/** The container a pod template runs: its container, script, or the single `main` of a containerSet. */
function mainContainer(t: Template): Container {
  if (t.script) return t.script;
  if (t.container) return t.container;
  const containers = t.containerSet?.containers ?? [];
  if (containers.length !== 1) {
    throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `unsupported: containerSet with ${containers.length} containers (the local executor runs exactly one)`);
  }
  return containers[0] as Container;
}

/** Milliseconds the task may run: the tightest of the template's timeout/activeDeadlineSeconds and the workflow deadline. */
function timeoutOf(t: Template, scope: Scope, view: RunView, where: string): number | undefined {
  const limits: number[] = [];
  if (t.timeout !== undefined) limits.push(parseDuration(render(String(t.timeout), scope, `${where}.timeout`), `${where}.timeout`));
  if (t.activeDeadlineSeconds !== undefined) {
    const s = render(String(t.activeDeadlineSeconds), scope, `${where}.activeDeadlineSeconds`);
    limits.push(parseDuration(s, `${where}.activeDeadlineSeconds`));
  }
  if (view.run.deadline) limits.push(Math.max(0, Date.parse(view.run.deadline) - view.ctx.now.getTime()));
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

/** Substitutes a pod template into the exact task the executor will start. */
export function buildTaskSpec(view: RunView, t: Template, inputs: ProcessedInputs, scope: Scope, node: { id: string; name: string; retries: number }): TaskSpec {
  const where = node.name;
  const c = mainContainer(t);
  if (!c.command || c.command.length === 0) {
    throw new EngineError('ERR_ENGINE_PARAMETER_INVALID',
      `unsupported: template '${t.name}' has no command; the local executor cannot use an image's entrypoint (add command: [...])`);
  }
  const command = c.command.map((s, i) => render(String(s), scope, `${where}.command[${i}]`));
  const args = (c.args ?? []).map((s, i) => render(String(s), scope, `${where}.args[${i}]`));
  const env = (c.env ?? []).map((e, i) => ({ ...e, ...(e.value !== undefined ? { value: render(String(e.value), scope, `${where}.env[${i}]`) } : {}) }));
  const inputArtifacts = inputs.artifacts.map((a) => {
    if (!a.path) throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: input artifact '${a.name}' has no path`);
    return {
      name: a.name,
      path: render(a.path, scope, `${where}.inputs.artifacts.${a.name}.path`),
      ...(a.raw ? { raw: render(a.raw.data, scope, `${where}.inputs.artifacts.${a.name}.raw`) } : {}),
      ...(a.fromArchive ? { fromArchive: a.fromArchive } : {}),
      ...(a.mode !== undefined ? { mode: a.mode } : {}),
    };
  });
  const outputs: TaskSpec['outputs'] = {
    parameters: (t.outputs?.parameters ?? []).filter((p) => p.valueFrom?.path).map((p) => ({
      name: p.name, path: render(p.valueFrom?.path ?? '', scope, `${where}.outputs.parameters.${p.name}.path`),
    })),
    artifacts: (t.outputs?.artifacts ?? []).filter((a) => a.path).map((a) => ({
      name: a.name,
      path: render(a.path ?? '', scope, `${where}.outputs.artifacts.${a.name}.path`),
      optional: a.optional === true,
      archive: a.archive?.none !== undefined ? 'none' as const : 'tgz' as const,
    })),
  };
  const timeoutMs = timeoutOf(t, scope, view, where);
  return {
    nodeId: node.id,
    nodeName: node.name,
    templateName: t.name,
    command,
    args,
    ...(t.script ? { script: render(t.script.source, scope, `${where}.script.source`) } : {}),
    env,
    ...(c.workingDir ? { workingDir: renderDeep(c.workingDir, scope, `${where}.workingDir`) } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    inputArtifacts,
    outputs,
    serviceAccountName: t.serviceAccountName ?? view.base.spec.serviceAccountName ?? 'default',
    retries: node.retries,
  };
}
