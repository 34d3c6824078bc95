/**
 * The one catalog of Keyflow error codes (fastify's lib/errors.js, jose's literal union).
 * Each code maps to its HTTP status; docs/errors.md has a section per code, kept in sync by
 * test/errors/catalog.test.ts. Domains add their codes here, never ad hoc strings.
 */
export const ERROR_CODES = {
  // spec: manifests and YAML
  ERR_SPEC_YAML: 400,
  ERR_SPEC_INVALID: 400,
  ERR_SPEC_TOO_LARGE: 413,
  ERR_SPEC_NOT_FOUND: 404,
  // expressions
  ERR_EXPR_SYNTAX: 400,
  ERR_EXPR_EVAL: 400,
  ERR_EXPR_LIMIT: 400,
  // engine
  ERR_ENGINE_TEMPLATE_NOT_FOUND: 400,
  ERR_ENGINE_PARAMETER_MISSING: 400,
  ERR_ENGINE_PARAMETER_INVALID: 400,
  ERR_ENGINE_INVALID_TRANSITION: 409,
  ERR_ENGINE_INVALID_STATE: 500,
  // executors
  ERR_EXECUTOR_SANDBOX_UNAVAILABLE: 500,
  ERR_EXECUTOR_SPAWN: 500,
  ERR_EXECUTOR_ROOT_REFUSED: 500,
  ERR_EXECUTOR_INVALID_TASK_ID: 400,
  ERR_EXECUTOR_DATA_DIR: 500,
  // store
  ERR_STORE_CONFLICT: 409,
  ERR_STORE_NOT_FOUND: 404,
  ERR_STORE_ALREADY_EXISTS: 409,
  ERR_STORE_UNAVAILABLE: 503,
  ERR_STORE_MIGRATION: 500,
  ERR_STORE_INVALID_VALUE: 400,
  // controller
  ERR_CONTROLLER_NOT_FOUND: 404,
  ERR_CONTROLLER_ARTIFACT_SOURCE: 400,
  ERR_CONTROLLER_UNSUPPORTED: 400,
  // cli
  ERR_CLI_USAGE: 400,
  ERR_CLI_REMOTE: 502,
  ERR_CLI_UNAUTHENTICATED: 401,
  ERR_CLI_CONNECT: 503,
  ERR_CLI_CONFIG: 500,
  ERR_CLI_LOGIN: 401,
} as const;

/** Every error code Keyflow can raise. */
export type KeyflowErrorCode = keyof typeof ERROR_CODES;
