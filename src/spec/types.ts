/**
 * Typed model of Argo Workflows' `argoproj.io/v1alpha1` manifests (the subset Keyflow reads) and of
 * Keyflow's own `keyflow.dev/v1` kinds. Field names and shapes follow Argo's Go structs
 * (pkg/apis/workflow/v1alpha1/workflow_types.go) so existing YAML parses unchanged.
 */

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';
export const KEYFLOW_API_VERSION = 'keyflow.dev/v1';

export type ArgoKind = 'Workflow' | 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  resourceVersion?: string;
}

export interface ValueFrom {
  path?: string;
  default?: string;
  expression?: string;
  parameter?: string;
  jsonPath?: string;
  jqFilter?: string;
  event?: string;
  supplied?: Record<string, never>;
  configMapKeyRef?: { name: string; key: string; optional?: boolean };
}

export interface Parameter {
  name: string;
  value?: string;
  default?: string;
  enum?: string[];
  description?: string;
  globalName?: string;
  valueFrom?: ValueFrom;
}

export interface Artifact {
  name: string;
  path?: string;
  from?: string;
  fromExpression?: string;
  optional?: boolean;
  mode?: number;
  raw?: { data: string };
  globalName?: string;
  archive?: { none?: Record<string, never>; tar?: { compressionLevel?: number }; zip?: Record<string, never> };
  archiveLogs?: boolean;
  /** Remote stores (s3, gcs, git, http, ...) are recognised so that lint can call them unsupported. */
  [store: string]: unknown;
}

export interface Arguments {
  parameters?: Parameter[];
  artifacts?: Artifact[];
}

export interface Inputs {
  parameters?: Parameter[];
  artifacts?: Artifact[];
}

export interface Outputs {
  parameters?: Parameter[];
  artifacts?: Artifact[];
  result?: string;
  exitCode?: string;
}

export interface Backoff {
  duration?: string | number;
  factor?: string | number;
  maxDuration?: string | number;
  cap?: string | number;
}

export type RetryPolicy = 'Always' | 'OnFailure' | 'OnError' | 'OnTransientError';

export interface RetryStrategy {
  limit?: number | string;
  retryPolicy?: RetryPolicy;
  backoff?: Backoff;
  expression?: string;
}

export interface ContinueOn {
  failed?: boolean;
  error?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
  };
}

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  workingDir?: string;
  resources?: unknown;
  volumeMounts?: unknown[];
  [k8sOnly: string]: unknown;
}

export interface ScriptTemplate extends Container {
  source: string;
}

export interface TemplateRef {
  name: string;
  template: string;
  clusterScope?: boolean;
}

export interface LifecycleHook {
  template?: string;
  templateRef?: TemplateRef;
  arguments?: Arguments;
  expression?: string;
}

export type Item = string | number | boolean | null | Item[] | { [key: string]: Item };

export interface Sequence {
  count?: string | number;
  start?: string | number;
  end?: string | number;
  format?: string;
}

/** Fields shared by a steps entry and a DAG task. */
export interface InvocationBase {
  name: string;
  template?: string;
  templateRef?: TemplateRef;
  inline?: Template;
  arguments?: Arguments;
  when?: string;
  withItems?: Item[];
  withParam?: string;
  withSequence?: Sequence;
  continueOn?: ContinueOn;
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
}

export type WorkflowStep = InvocationBase;

export interface DAGTask extends InvocationBase {
  dependencies?: string[];
  depends?: string;
}

export interface DAGTemplate {
  tasks: DAGTask[];
  target?: string;
  failFast?: boolean;
}

/** Keyflow's approval extension of Argo's suspend template (see the approval gates issue). */
export interface ApprovalSpec {
  approvers?: { groups?: string[]; users?: string[] };
  required?: number;
  allowSubmitter?: boolean;
  timeout?: string;
}

export interface SuspendTemplate {
  duration?: string | number;
  approval?: ApprovalSpec;
}

export interface Template {
  name: string;
  inputs?: Inputs;
  outputs?: Outputs;
  container?: Container;
  script?: ScriptTemplate;
  steps?: WorkflowStep[][];
  dag?: DAGTemplate;
  suspend?: SuspendTemplate;
  containerSet?: { containers: Container[]; retryStrategy?: RetryStrategy };
  resource?: unknown;
  http?: unknown;
  data?: unknown;
  plugin?: unknown;
  retryStrategy?: RetryStrategy;
  activeDeadlineSeconds?: number | string;
  timeout?: string;
  parallelism?: number;
  failFast?: boolean;
  serviceAccountName?: string;
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  memoize?: unknown;
  synchronization?: unknown;
  sidecars?: unknown[];
  daemon?: boolean;
  volumes?: unknown[];
  initContainers?: unknown[];
  archiveLocation?: unknown;
  [k8sOnly: string]: unknown;
}

export interface WorkflowSpec {
  entrypoint?: string;
  arguments?: Arguments;
  templates?: Template[];
  workflowTemplateRef?: { name: string; clusterScope?: boolean };
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
  parallelism?: number;
  activeDeadlineSeconds?: number;
  serviceAccountName?: string;
  templateDefaults?: Partial<Template>;
  suspend?: boolean;
  shutdown?: 'Stop' | 'Terminate';
  /** Keyflow: the pool the workflow runs in (also accepted as label keyflow.dev/pool). */
  pool?: string;
  [k8sOnly: string]: unknown;
}

export interface Workflow {
  apiVersion: string;
  kind: 'Workflow';
  metadata: ObjectMeta;
  spec: WorkflowSpec;
  status?: unknown;
}

export interface WorkflowTemplate {
  apiVersion: string;
  kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate';
  metadata: ObjectMeta;
  spec: WorkflowSpec;
}

export interface CronWorkflowSpec {
  schedule?: string;
  schedules?: string[];
  timezone?: string;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  suspend?: boolean;
  when?: string;
  workflowSpec: WorkflowSpec;
  workflowMetadata?: ObjectMeta;
}

export interface CronWorkflow {
  apiVersion: string;
  kind: 'CronWorkflow';
  metadata: ObjectMeta;
  spec: CronWorkflowSpec;
}

/** Any Keyflow-native (`keyflow.dev/v1`) resource; later issues narrow these. */
export interface KeyflowResource {
  apiVersion: typeof KEYFLOW_API_VERSION;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

export type Manifest = Workflow | WorkflowTemplate | CronWorkflow | KeyflowResource;
