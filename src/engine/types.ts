/**
 * Run state as the engine sees it. Node statuses follow Argo's `status.nodes[id]` shape so that the
 * JSON Keyflow prints is readable by Argo tooling; Keyflow-only bookkeeping lives under `keyflow`.
 */
import type { Artifact, Parameter, Template, WorkflowSpec, ObjectMeta, RetryStrategy } from '../spec/index.js';

export type WorkflowPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';
export type NodePhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Skipped' | 'Omitted';
export type NodeType =
  | 'Pod' | 'Steps' | 'StepGroup' | 'DAG' | 'TaskGroup' | 'Retry' | 'Skipped' | 'Suspend';

/** Where a template was found: the workflow itself or a stored (Cluster)WorkflowTemplate. */
export interface TemplateScope {
  kind: 'local' | 'WorkflowTemplate' | 'ClusterWorkflowTemplate';
  /** Name of the stored template resource; empty for local. */
  name: string;
}

export interface NodeOutputs {
  parameters?: Parameter[];
  artifacts?: (Artifact & { keyflowArchive?: string })[];
  result?: string;
  exitCode?: string;
}

export interface NodeStatus {
  id: string;
  name: string;
  displayName: string;
  type: NodeType;
  templateName?: string;
  templateScope?: string;
  phase: NodePhase;
  boundaryID?: string;
  children?: string[];
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  inputs?: { parameters?: Parameter[]; artifacts?: Artifact[] };
  outputs?: NodeOutputs;
  /** Keyflow bookkeeping, not part of Argo's shape. */
  keyflow?: NodeBookkeeping;
}

export interface NodeBookkeeping {
  /** Pod: the attempt index within its Retry parent ({{retries}}). */
  retries?: number;
  /** Retry: earliest time the next attempt may start (backoff). */
  nextAttemptAt?: string;
  /** Suspend: when a timed suspend resumes by itself. */
  resumeAt?: string;
  /** Any node with a deadline (activeDeadlineSeconds / timeout of its template). */
  deadline?: string;
  /** Pod: the exact task to start, kept so a controller that adopts the run can (re)start it. */
  task?: TaskSpec;
  /** Why Keyflow asked the executor to kill this task (becomes the node's message). */
  killReason?: string;
  /** Tasks of a DAG: the DAG node's id (DAG nodes do not list their tasks as children). */
  parent?: string;
  /** DAG: tasks that are running, or ready but not started yet; the only ones a pass needs to look at. */
  open?: string[];
  /** DAG: the first task whose failure nothing handles (stops scheduling under failFast). */
  failedTask?: string;
  /** Item the node was expanded for (withItems/withParam/withSequence). */
  item?: unknown;
  /** The node's exit-hook node has been started. */
  exitHookStarted?: boolean;
  /** Service account the task runs as (for display and identity). */
  serviceAccountName?: string;
  /** Failure class for retry policies: 'Failed' (non-zero exit) vs 'Error' (system), transient or not. */
  transient?: boolean;
  /** The invocation that created the node, so its template can be resolved again later. */
  call?: { template?: string; templateRef?: { name: string; template: string; clusterScope?: boolean }; inline?: Template; name: string };
  /** Step/task name for expanded children, so `steps.X` can aggregate them. */
  invocation?: string;
  /** DAG task names this node's task depends on (for display and retry). */
  dependsOn?: string[];
}

export interface RunState {
  uid: string;
  name: string;
  namespace: string;
  metadata: ObjectMeta;
  /** Effective spec: workflowTemplateRef merged, templates inlined. */
  spec: WorkflowSpec;
  /** Snapshot of stored templates referenced by templateRef, keyed `<kind>/<name>`. */
  storedTemplates: Record<string, WorkflowSpec>;
  phase: WorkflowPhase;
  /** Outcome of the entrypoint node, set before exit handlers run ({{workflow.status}} in them). */
  mainPhase?: WorkflowPhase;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  /** workflow.parameters after arguments were applied. */
  parameters: Record<string, string>;
  /** Global outputs (globalName). */
  outputs: { parameters: Record<string, string>; artifacts: Record<string, string> };
  /** Set by stop/terminate; Stop still runs exit handlers, Terminate does not. */
  shutdown?: 'Stop' | 'Terminate';
  /** Whole-workflow suspension (spec.suspend / `keyflow suspend`). */
  suspended?: boolean;
  deadline?: string;
  /** Set once the workflow's activeDeadlineSeconds has passed: nothing new starts. */
  deadlineExceeded?: boolean;
  nodes: Record<string, NodeStatus>;
}

/** Run-level fields of RunState that a step may change. */
export type RunFields = Omit<RunState, 'nodes' | 'uid' | 'name' | 'namespace' | 'metadata' | 'spec' | 'storedTemplates'>;

/** What one engine step changed: the changed nodes (whole) and the new run-level fields. */
export interface RunPatch {
  run: RunFields;
  nodes: NodeStatus[];
  deletedNodeIds: string[];
}

/** A task the executor must start; everything in it has been substituted already. */
export interface TaskSpec {
  nodeId: string;
  nodeName: string;
  templateName: string;
  command: string[];
  args: string[];
  script?: string;
  env: { name: string; value?: string; valueFrom?: unknown }[];
  workingDir?: string;
  /** Wall-clock limit from the template's timeout/activeDeadlineSeconds and the workflow deadline. */
  timeoutMs?: number;
  inputArtifacts: { name: string; path: string; raw?: string; fromArchive?: string; mode?: number }[];
  outputs: { parameters: { name: string; path: string }[]; artifacts: { name: string; path: string; optional?: boolean; archive: 'tgz' | 'none' }[] };
  serviceAccountName?: string;
  retries: number;
}

export type EngineCommand =
  | { type: 'startTask'; task: TaskSpec }
  | { type: 'killTask'; nodeId: string; reason: string }
  | { type: 'wakeAt'; at: string }
  | { type: 'finished'; phase: WorkflowPhase };

/** What a finished task attempt reports back (mirrors the executor's TaskOutcome). */
export interface TaskResult {
  exitCode: number | null;
  reason?: 'timeout' | 'killed' | 'spawn-failed' | 'lost' | 'output-error';
  message?: string;
  result?: string;
  outputParameters: Record<string, string>;
  outputArtifacts: Record<string, string>;
  startedAt?: string;
  finishedAt?: string;
}

export type EngineEvent =
  | { type: 'tick' }
  | { type: 'taskStarted'; nodeId: string; at?: string }
  | { type: 'taskResult'; nodeId: string; result: TaskResult }
  | { type: 'resume'; nodeName?: string; outputs?: Record<string, string> }
  | { type: 'suspend' }
  | { type: 'stop'; strategy: 'Stop' | 'Terminate'; message?: string };

export interface EngineContext {
  /** The injected clock: the engine never reads the time itself. */
  now: Date;
}

export interface StepResult {
  patch: RunPatch;
  commands: EngineCommand[];
}

/** The template plus where it came from, after resolution. */
export interface ResolvedTemplate {
  template: Template;
  scope: TemplateScope;
  /** The retry strategy in force (template's own, or templateDefaults'). */
  retryStrategy?: RetryStrategy;
}
