/**
 * JSON schemas shared by the routes. Path parameters are Kubernetes names; bodies follow Argo's request
 * messages (pkg/apiclient/*.proto) and refuse fields those messages do not have, so a typo is an error.
 */

/** RFC 1123 label: namespaces. */
export const NAMESPACE = { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' } as const;
/** RFC 1123 subdomain: names of workflows and templates. */
export const NAME = { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' } as const;

export const NS_PARAMS = {
  type: 'object', required: ['namespace'], additionalProperties: false, properties: { namespace: NAMESPACE },
} as const;

export const NAME_PARAMS = {
  type: 'object', required: ['namespace', 'name'], additionalProperties: false, properties: { namespace: NAMESPACE, name: NAME },
} as const;

export const CLUSTER_NAME_PARAMS = {
  type: 'object', required: ['name'], additionalProperties: false, properties: { name: NAME },
} as const;

/** Argo's ListOptions as query parameters (`listOptions.labelSelector=...`); unknown ones are ignored. */
export const LIST_QUERY = {
  type: 'object',
  properties: {
    'listOptions.labelSelector': { type: 'string', maxLength: 4096 },
    'listOptions.fieldSelector': { type: 'string', maxLength: 4096 },
    'listOptions.limit': { type: 'integer', minimum: 0, maximum: 100000 },
    'listOptions.resourceVersion': { type: 'string', maxLength: 64 },
    fields: { type: 'string', maxLength: 4096 },
  },
} as const;

/** An object given in a body (workflow, template): its content is checked by the spec domain. */
export const MANIFEST = { type: 'object' } as const;

/** Extra query/body members Argo's clients send that Keyflow accepts and ignores. */
export const CREATE_OPTIONS = { type: 'object' } as const;

interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * Fastify's schemaErrorFormatter: one message naming where (`body.workflow`, `params.namespace`) and why,
 * in words instead of regular expressions.
 */
export function formatSchemaErrors(errors: readonly SchemaError[], dataVar: string): Error {
  const parts = errors.slice(0, 5).map((e) => {
    const where = `${dataVar}${e.instancePath.replace(/\//g, '.')}`;
    if (e.keyword === 'pattern') return `${where} must be a lowercase RFC 1123 name (a-z, 0-9, '-', starting and ending with a letter or digit)`;
    if (e.keyword === 'additionalProperties') return `${where} has unknown field '${String(e.params.additionalProperty)}'`;
    if (e.keyword === 'required') return `${where === dataVar ? dataVar : where} is missing required field '${String(e.params.missingProperty)}'`;
    if (e.keyword === 'enum') return `${where} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    return `${where} ${e.message ?? 'is invalid'}`;
  });
  return new Error(parts.join('; '));
}
