/**
 * The seam between the CLI's verbs and where workflows live. Each verb is written once against
 * `Backend`; `EmbeddedBackend` runs the engine in this process over the local store, `RemoteBackend`
 * talks to a `keyflow server` over its Argo-compatible API. Types the verbs need from other domains are
 * re-exported here so the command files import from one place.
 */
import type { NodeStatus, RunPatch, RunState } from '../engine/index.js';
import type { Diagnostic, Manifest, ParsedDocument, Workflow } from '../spec/index.js';

export type { Diagnostic, NodeStatus, ParsedDocument, RunPatch, RunState, Manifest, Workflow };

/** One row of `keyflow list`. */
export interface WorkflowRow {
  namespace: string;
  name: string;
  uid: string;
  phase: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Workflows from a file, with the templates found beside them (applied first). */
export interface SubmitRequest {
  workflows: Workflow[];
  templates: Manifest[];
  namespace: string;
  parameters: Record<string, string>;
  entrypoint?: string;
}

/** A workflow made from a stored template (`submit --from workflowtemplate/NAME`). */
export interface SubmitFromRequest {
  kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate';
  name: string;
  namespace: string;
  parameters: Record<string, string>;
  entrypoint?: string;
}

export type RunAction =
  | { type: 'resume'; node?: string }
  | { type: 'suspend' }
  | { type: 'stop'; message?: string }
  | { type: 'terminate' };

/** Where templates live: namespaced WorkflowTemplates, or ClusterWorkflowTemplates (`--cluster`). */
export interface TemplateScope {
  cluster: boolean;
  namespace: string;
}

/** What `apply` did with one manifest. */
export type ApplyOutcome =
  | { status: 'applied'; file: string; what: string }
  | { status: 'skipped'; file: string; what: string; reason: string }
  | { status: 'failed'; file: string; what: string; reason: string };

export interface FollowOptions {
  onUpdate: (state: RunState, patch: RunPatch) => void;
  /** Ctrl-C terminates the runs (embedded `run`, whose process is their engine); remote runs go on. */
  terminateOnInterrupt?: boolean;
}

export interface Backend {
  readonly mode: 'embedded' | 'remote';
  /** Applies the templates, then creates the workflows; returns their first states. */
  submit(req: SubmitRequest): Promise<RunState[]>;
  submitFrom(req: SubmitFromRequest): Promise<RunState>;
  /** Follows runs until each has finished; resolves with their final states. */
  follow(runs: RunState[], opts: FollowOptions): Promise<RunState[]>;
  /** Workflows newest first; no namespace means all namespaces. */
  list(query: { namespace?: string; phases?: string[] }): Promise<WorkflowRow[]>;
  get(namespace: string, name: string): Promise<RunState>;
  /** Task logs line by line (`task` is the node's display name); with follow, until the run finishes. */
  logs(namespace: string, name: string, opts: { task?: string; follow?: boolean }, onLine: (task: string, line: string) => void): Promise<void>;
  act(namespace: string, name: string, action: RunAction): Promise<void>;
  /** Reopens a Failed/Error run; follow it with `follow`. */
  retry(namespace: string, name: string): Promise<RunState>;
  delete(namespace: string, name: string): Promise<void>;
  apply(manifests: { manifest: Manifest; file: string }[], namespace: string): Promise<ApplyOutcome[]>;
  listTemplates(scope: TemplateScope): Promise<Manifest[]>;
  getTemplate(scope: TemplateScope, name: string): Promise<Manifest>;
  /** Creates a template; fails if one with that name exists (`apply` replaces). */
  createTemplate(scope: TemplateScope, manifest: Manifest): Promise<void>;
  deleteTemplate(scope: TemplateScope, name: string): Promise<void>;
  close(): Promise<void>;
}

/** True while a run may still change (the engine's non-final phases). */
export function isUnfinished(state: Pick<RunState, 'phase'>): boolean {
  return state.phase === 'Running' || state.phase === 'Pending';
}

/** Whether a node is the task the user named (display name, node name, id, template or step name). */
export function matchesTask(node: NodeStatus, task: string | undefined): boolean {
  if (!task) return true;
  return node.displayName === task || node.id === task || node.name === task || node.templateName === task
    || node.keyflow?.invocation === task || node.displayName.startsWith(`${task}(`);
}

/** `workflowtemplate 'x' in namespace 'y'` / `clusterworkflowtemplate 'x'`, for messages. */
export function describeTemplate(scope: TemplateScope, name: string): string {
  return scope.cluster ? `clusterworkflowtemplate '${name}'` : `workflowtemplate '${name}' in namespace '${scope.namespace}'`;
}
