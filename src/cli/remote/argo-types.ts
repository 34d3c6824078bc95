/** JSON shapes of Argo Server's API (grpc-gateway) as the Keyflow server speaks them. */
import type { ObjectMeta } from '../../spec/index.js';

/** Object metadata: the same shape the manifest model reads. */
export type ArgoMetadata = ObjectMeta;

export interface ArgoWorkflowStatus {
  phase?: string;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  progress?: string;
  nodes?: Record<string, Record<string, unknown>>;
  outputs?: { parameters?: { name: string; value?: string }[] };
}

/** A Workflow, WorkflowTemplate or ClusterWorkflowTemplate object. */
export interface ArgoObject {
  apiVersion?: string;
  kind?: string;
  metadata: ArgoMetadata;
  spec?: Record<string, unknown>;
  status?: ArgoWorkflowStatus;
}

/** List responses: `items` is null (not []) when empty, as in Argo. */
export interface ArgoList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: ArgoObject[] | null;
}

export interface LogEntry {
  content: string;
  podName: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: ArgoObject;
}

/** `/api/v1/userinfo`: who the server says the caller is. */
export interface UserInfo {
  issuer: string;
  subject: string;
  username: string;
  groups: string[];
  kind: string;
}

export type WorkflowAction = 'stop' | 'terminate' | 'retry' | 'resume' | 'suspend';

/** Options of `/submit` (a workflow from a stored template). */
export interface SubmitOptions {
  parameters?: string[];
  entryPoint?: string;
  labels?: string;
}

/** Where templates live: namespaced WorkflowTemplates or ClusterWorkflowTemplates. */
export interface TemplateScope {
  cluster: boolean;
  namespace: string;
}
