import type { Schema } from './schema-types.js';

/**
 * Kubernetes core/v1 Container fields (k8s.io/api/core/v1 types.go). Argo embeds the whole struct, so
 * real manifests use all of them; Keyflow reads command, args, env, workingDir and ignores the rest.
 */
export const CONTAINER: Schema = {
  name: 'string',
  image: 'string',
  command: 'string-list',
  args: 'string-list',
  workingDir: 'string',
  ports: 'opaque-list',
  envFrom: 'opaque-list',
  env: { list: 'env-var' },
  resources: 'opaque',
  resizePolicy: 'opaque-list',
  restartPolicy: 'string',
  volumeMounts: 'opaque-list',
  volumeDevices: 'opaque-list',
  livenessProbe: 'opaque',
  readinessProbe: 'opaque',
  startupProbe: 'opaque',
  lifecycle: 'opaque',
  terminationMessagePath: 'string',
  terminationMessagePolicy: 'string',
  imagePullPolicy: 'string',
  securityContext: 'opaque',
  stdin: 'bool',
  stdinOnce: 'bool',
  tty: 'bool',
};

export const ENV_VAR: Schema = { name: 'string', value: 'string', valueFrom: 'opaque' };

/** metav1.ObjectMeta; server-set fields are accepted because `kubectl get -o yaml` output is common input. */
export const OBJECT_META: Schema = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  labels: 'string-map',
  annotations: 'string-map',
  uid: 'string',
  resourceVersion: 'string',
  generation: 'int',
  creationTimestamp: 'any',
  deletionTimestamp: 'any',
  deletionGracePeriodSeconds: 'int',
  finalizers: 'string-list',
  ownerReferences: 'opaque-list',
  managedFields: 'opaque-list',
  selfLink: 'string',
};
