import { CliRemoteError } from '../cli-error.js';

/** gRPC status names, as Argo Server (grpc-gateway) reports them in `code`. */
const GRPC_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists', 'PermissionDenied',
  'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented', 'Internal', 'Unavailable',
  'DataLoss', 'Unauthenticated',
];

/** The longest piece of a non-JSON error body shown to the user. */
const MAX_SHOWN = 200;

/** A printable, bounded excerpt of text the server sent (no control characters, no terminal escapes). */
export function printable(text: string, max = MAX_SHOWN): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}

/**
 * Turns an error response into a CliRemoteError: the server's own message (Argo's `{code, message}`),
 * its HTTP status and gRPC code name, and for 401 the way out (`keyflow login`).
 */
export function remoteError(status: number, body: string, server: string): CliRemoteError {
  let message = '';
  let grpc: number | undefined;
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown; error?: unknown; error_description?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message;
    else if (typeof parsed.error_description === 'string') message = parsed.error_description;
    else if (typeof parsed.error === 'string') message = parsed.error;
    if (typeof parsed.code === 'number') grpc = parsed.code;
  } catch {
    message = body;
  }
  const name = grpc !== undefined ? GRPC_NAMES[grpc] ?? `code ${grpc}` : statusName(status);
  const said = `${status} ${name}${message ? `: ${printable(message)}` : ''}`;
  if (status === 401) {
    return new CliRemoteError(`not logged in to ${server}, or the session expired (server said ${said}); run 'keyflow login --server ${server}'`, status, grpc);
  }
  if (status === 403) return new CliRemoteError(`permission denied by ${server} (${said})`, status, grpc);
  return new CliRemoteError(`server said ${said}`, status, grpc);
}

function statusName(status: number): string {
  const names: Record<number, string> = {
    400: 'InvalidArgument', 401: 'Unauthenticated', 403: 'PermissionDenied', 404: 'NotFound', 409: 'AlreadyExists',
    412: 'FailedPrecondition', 429: 'ResourceExhausted', 500: 'Internal', 501: 'Unimplemented', 503: 'Unavailable',
  };
  return names[status] ?? 'Error';
}
