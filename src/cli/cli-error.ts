import { KeyflowError } from '../errors/index.js';

/** A usage problem on the command line (bad flag value, missing file): exit code 2. */
export class CliError extends KeyflowError {
  constructor(message: string) {
    super('ERR_CLI_USAGE', message);
  }
}
