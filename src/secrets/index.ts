/**
 * Public surface of the secrets domain: encryption at rest (keyring, key file, rotation), the secret
 * store over the generic resources table (namespace and per-user secrets), and redaction of secret
 * values in logs, outputs and API responses. See docs/secrets.md.
 */
export type {
  Keyring, KeyInfo, KeySource, SecretOwner, SecretLimits, SecretMeta, SecretScope, SecretInfo, SecretStore,
  SecretStoreOptions, RotateAllReport, Redactor, RedactorOptions,
} from './types.js';
export { SecretError, type SecretErrorCode } from './errors.js';
export { openKeyring, KEY_FILE_NAME, type OpenKeyringOptions } from './open-keyring.js';
export { createMemoryKeyring } from './keyring.js';
export { parseKeyMaterial } from './parse-key-material.js';
export { createSecretStore } from './create-secret-store.js';
export { DEFAULT_LIMITS as DEFAULT_SECRET_LIMITS, dataKeyProblem } from './validate-secret.js';
export { SECRET_API_VERSION, SECRET_KIND, USER_SECRET_KIND, secretAad } from './secret-identity.js';
export { rotateSecretKey, type RotateSecretKeyOptions, type KeyRotationReport } from './rotate-secret-key.js';
export { createRedactor, createRedactStream, redactObject, REDACTED, DEFAULT_MIN_LENGTH } from './create-redactor.js';
export { redactionPatterns } from './redaction-patterns.js';
