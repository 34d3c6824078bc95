export { ERROR_CODES, type KeyflowErrorCode } from './catalog.js';
export { KeyflowError, isKeyflowError } from './keyflow-error.js';
