import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyflowError } from '../../src/errors/index.js';
import { grpcCodeOf, toHttpError } from '../../src/server/argo-error.js';

test('Keyflow errors keep their HTTP status and get the gRPC code Argo clients expect', () => {
  const cases: [ConstructorParameters<typeof KeyflowError>[0], number, number][] = [
    ['ERR_SPEC_INVALID', 400, 3], ['ERR_SERVER_UNAUTHENTICATED', 401, 16], ['ERR_AUTHZ_DENIED', 403, 7], ['ERR_CONTROLLER_NOT_FOUND', 404, 5],
    ['ERR_STORE_ALREADY_EXISTS', 409, 6], ['ERR_STORE_CONFLICT', 409, 10], ['ERR_ENGINE_INVALID_TRANSITION', 409, 9], ['ERR_SERVER_BODY_TOO_LARGE', 413, 8],
  ];
  for (const [code, status, grpc] of cases) {
    const { status: s, body } = toHttpError(new KeyflowError(code, 'why'));
    assert.deepEqual([s, body.code, body.message, body.details[0]], [status, grpc, 'why', { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: code, domain: 'keyflow.dev' }], code);
  }
});

test('server-side failures never expose their message', () => {
  const secret = new KeyflowError('ERR_STORE_MIGRATION', 'password=hunter2 in the DSN');
  assert.deepEqual(toHttpError(secret), {
    status: 500, internal: secret,
    body: { code: 13, message: 'internal error', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ERR_SERVER_INTERNAL', domain: 'keyflow.dev' }] },
  });
  const unavailable = toHttpError(new KeyflowError('ERR_STORE_UNAVAILABLE', 'db at 10.0.0.1 down'));
  assert.deepEqual([unavailable.status, unavailable.body], [503, { code: 14, message: 'service unavailable', details: [] }]);
  const plain = toHttpError(new Error('boom at /secret/path'));
  assert.deepEqual([plain.status, plain.body.message], [500, 'internal error']);
});

test('HTTP statuses map to gRPC codes as grpc-gateway does', () => {
  assert.deepEqual([400, 401, 403, 404, 409, 412, 413, 429, 500, 503, 418].map(grpcCodeOf), [3, 16, 7, 5, 6, 9, 8, 8, 13, 14, 3]);
});
