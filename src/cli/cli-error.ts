import { KeyflowError } from '../errors/index.js';

// Re-exported so the CLI's sub-folders reach the errors domain through this file (one import door).
export { KeyflowError, isKeyflowError } from '../errors/index.js';

/** A usage problem on the command line (bad flag value, missing file): exit code 2. */
export class CliError extends KeyflowError {
  constructor(message: string) {
    super('ERR_CLI_USAGE', message);
  }
}

/**
 * The server answered with an error (Argo's `{code, message}` shape). `httpStatus` is the server's;
 * `status` stays the catalog's so the CLI's own exit-code rules are not steered by a remote party.
 */
export class CliRemoteError extends KeyflowError {
  readonly httpStatus: number;
  readonly grpcCode: number | undefined;

  constructor(message: string, httpStatus: number, grpcCode?: number) {
    super(httpStatus === 401 ? 'ERR_CLI_UNAUTHENTICATED' : 'ERR_CLI_REMOTE', message);
    this.httpStatus = httpStatus;
    this.grpcCode = grpcCode;
  }
}

/** The server could not be reached (refused, DNS, TLS verification, dropped connection). */
export class CliConnectError extends KeyflowError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CLI_CONNECT', message, options);
  }
}

/** The CLI config file is unusable (permissions, owner, JSON). */
export class CliConfigError extends KeyflowError {
  constructor(message: string) {
    super('ERR_CLI_CONFIG', message);
  }
}

/** A login flow did not produce tokens. */
export class CliLoginError extends KeyflowError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CLI_LOGIN', message, options);
  }
}
