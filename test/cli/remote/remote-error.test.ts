import { test } from 'node:test';
import assert from 'node:assert/strict';
import { remoteError, printable } from '../../../src/cli/remote/index.js';

const SERVER = 'https://keyflow.example:2746';

test("Argo's error shape becomes the server's message with HTTP status and gRPC code name", () => {
  const err = remoteError(404, JSON.stringify({ code: 5, message: "workflow 'x' not found", details: [] }), SERVER);
  assert.equal(err.code, 'ERR_CLI_REMOTE');
  assert.equal(err.httpStatus, 404);
  assert.equal(err.grpcCode, 5);
  assert.equal(err.message, "server said 404 NotFound: workflow 'x' not found");
});

test('401 says how to log in again', () => {
  const err = remoteError(401, JSON.stringify({ code: 16, message: 'token expired' }), SERVER);
  assert.equal(err.code, 'ERR_CLI_UNAUTHENTICATED');
  assert.equal(err.status, 401);
  assert.equal(err.message, `not logged in to ${SERVER}, or the session expired (server said 401 Unauthenticated: token expired); run 'keyflow login --server ${SERVER}'`);
});

test('403 names the server that denied', () => {
  assert.equal(remoteError(403, '{"code":7,"message":"no"}', SERVER).message, `permission denied by ${SERVER} (403 PermissionDenied: no)`);
});

test('a body that is not JSON is shown bounded and without control characters', () => {
  const err = remoteError(502, `<html>\x1b[31mBad gateway\x1b[0m${'x'.repeat(500)}</html>`, SERVER);
  assert.equal(err.httpStatus, 502);
  assert.ok(err.message.startsWith('server said 502 Error: <html> [31mBad gateway [0m'));
  assert.ok(err.message.endsWith('...'));
  assert.ok(!err.message.includes('\x1b'));
});

test('OAuth-style errors (error, error_description) are understood', () => {
  assert.equal(remoteError(400, '{"error":"invalid_request","error_description":"missing field"}', SERVER).message, 'server said 400 InvalidArgument: missing field');
});

test('printable cuts at the limit', () => {
  assert.equal(printable('abcdef', 3), 'abc...');
});
