import { isKeyflowError, type KeyflowErrorCode } from '../errors/index.js';
import { SPEC_LIMITS, type Diagnostic } from '../spec/index.js';
import { ServerError } from './errors.js';

/**
 * Argo Server answers errors the way grpc-gateway does: `{code, message, details}` with a gRPC status code
 * and the HTTP status grpc-gateway derives from it. Keyflow errors keep the HTTP status of the catalog;
 * the gRPC code follows from it, except where Argo's clients expect a more specific one.
 */
export interface ArgoErrorBody {
  code: number;
  message: string;
  details: Record<string, unknown>[];
}

export interface HttpError {
  status: number;
  body: ArgoErrorBody;
  /** For the log: the error itself when the client only sees "internal error". */
  internal?: unknown;
}

/** gRPC status codes (google.golang.org/grpc/codes). */
export const GRPC = {
  InvalidArgument: 3, NotFound: 5, AlreadyExists: 6, PermissionDenied: 7, ResourceExhausted: 8,
  FailedPrecondition: 9, Aborted: 10, Internal: 13, Unavailable: 14, Unauthenticated: 16,
} as const;

const BY_CODE: Partial<Record<KeyflowErrorCode, number>> = {
  ERR_STORE_CONFLICT: GRPC.Aborted,
  ERR_STORE_ALREADY_EXISTS: GRPC.AlreadyExists,
  ERR_ENGINE_INVALID_TRANSITION: GRPC.FailedPrecondition,
  ERR_STORE_UNAVAILABLE: GRPC.Unavailable,
};

const BY_STATUS: Record<number, number> = {
  400: GRPC.InvalidArgument, 401: GRPC.Unauthenticated, 403: GRPC.PermissionDenied, 404: GRPC.NotFound,
  409: GRPC.AlreadyExists, 412: GRPC.FailedPrecondition, 413: GRPC.ResourceExhausted, 415: GRPC.InvalidArgument,
  429: GRPC.ResourceExhausted, 503: GRPC.Unavailable,
};

/** The gRPC code for an HTTP status (Internal for anything unknown). */
export function grpcCodeOf(status: number): number {
  return BY_STATUS[status] ?? (status < 500 ? GRPC.InvalidArgument : GRPC.Internal);
}

/** google.rpc.BadRequest plus Keyflow's own detail with line, column and rule of every problem. */
export function diagnosticDetails(diagnostics: readonly Diagnostic[]): Record<string, unknown>[] {
  if (diagnostics.length === 0) return [];
  return [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: diagnostics.map((d) => ({ field: d.path, description: d.message })) },
    {
      '@type': 'type.keyflow.dev/keyflow.v1.Diagnostics',
      diagnostics: diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, file: d.file, line: d.line, column: d.column, path: d.path })),
    },
  ];
}

interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
  validation?: unknown;
}

/** Maps anything a handler or hook threw to the status and Argo error body sent to the client. */
export function toHttpError(err: unknown): HttpError {
  const error = isKeyflowError(err) ? err : fromFramework(err);
  if (!isKeyflowError(error)) return error;
  if (!error.expose) return internalError(error, error.status);
  const diagnostics = (error as { diagnostics?: Diagnostic[] }).diagnostics ?? [];
  const info = { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: error.code, domain: 'keyflow.dev' };
  return { status: error.status, body: { code: BY_CODE[error.code] ?? grpcCodeOf(error.status), message: error.message, details: [info, ...diagnosticDetails(diagnostics)] } };
}

/** A failure on the server's side: the client learns only that it happened; the log gets the cause. */
function internalError(err: unknown, status: number): HttpError {
  if (status === 503) return { status, body: { code: GRPC.Unavailable, message: 'service unavailable', details: [] }, internal: err };
  const info = { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ERR_SERVER_INTERNAL', domain: 'keyflow.dev' };
  return { status, body: { code: GRPC.Internal, message: 'internal error', details: [info] }, internal: err };
}

/** Fastify's own 4xx errors (schema validation, body parsing, limits) as server errors with clear messages. */
function fromFramework(err: unknown): ServerError | HttpError {
  const fw = (err ?? {}) as FrameworkError;
  const status = fw.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return internalError(err, 500);
  switch (fw.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return new ServerError('ERR_SERVER_BODY_TOO_LARGE', `request body is larger than the limit of ${SPEC_LIMITS.maxBytes} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { code: GRPC.InvalidArgument, message: 'unsupported content type: send application/json', details: [] } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return new ServerError('ERR_SERVER_BAD_REQUEST', 'request body is empty but the content type is application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY': return new ServerError('ERR_SERVER_BAD_REQUEST', 'request body is not valid JSON (or holds a __proto__/constructor key)');
    default: break;
  }
  if (fw.validation) return new ServerError('ERR_SERVER_BAD_REQUEST', fw.message ?? 'invalid request');
  if (status === 404) return new ServerError('ERR_SERVER_NOT_FOUND', fw.message ?? 'not found');
  if (status === 400 && fw.message && /JSON|Unexpected|position/i.test(fw.message)) return new ServerError('ERR_SERVER_BAD_REQUEST', `request body is not valid JSON: ${fw.message}`);
  return { status, body: { code: grpcCodeOf(status), message: fw.message ?? 'bad request', details: [] } };
}
