/**
 * The vocabulary of the field schema: what type a field has. `opaque` is a mapping Keyflow does not
 * look inside (Kubernetes pod fields such as affinity); `any` accepts every value.
 */
export type FieldType =
  | 'string'
  | 'bool'
  | 'int'
  | 'int-or-string'
  /** Argo's AnyString: a string, number or boolean, read as a string. */
  | 'scalar'
  | 'string-list'
  | 'string-map'
  | 'opaque'
  | 'opaque-list'
  | 'any'
  | { object: SchemaName }
  | { list: SchemaName }
  | { listOfLists: SchemaName }
  | { mapOf: SchemaName };

export type SchemaName =
  | 'workflow' | 'workflow-template' | 'cron-workflow' | 'object-meta'
  | 'workflow-spec' | 'cron-spec' | 'template' | 'template-metadata'
  | 'container' | 'script' | 'user-container' | 'container-node' | 'container-set' | 'env-var'
  | 'dag' | 'dag-task' | 'step' | 'inputs' | 'outputs' | 'arguments' | 'parameter' | 'value-from'
  | 'artifact' | 'raw-artifact' | 'retry-strategy' | 'backoff' | 'suspend' | 'template-ref'
  | 'workflow-template-ref' | 'sequence' | 'continue-on' | 'lifecycle-hook';

export type Schema = Readonly<Record<string, FieldType>>;
