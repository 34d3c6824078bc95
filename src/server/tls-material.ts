import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ServerError } from './errors.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, printed so clients can pin a self-signed certificate. */
  fingerprint: string;
  selfSigned: boolean;
}

export interface TlsSettings {
  cert?: string;
  key?: string;
  selfSigned?: boolean;
}

/** Renew a stored self-signed certificate this long before it expires. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;
const VALID_DAYS = 365;

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ServerError('ERR_SERVER_TLS', `cannot read the TLS ${what} ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function certificateOf(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new ServerError('ERR_SERVER_TLS', `the TLS certificate ${what} is not a PEM X.509 certificate`);
  }
}

/** The names a self-signed certificate covers: loopback always, plus the host the server binds. */
function altNames(host: string): { type: 2 | 7; value?: string; ip?: string }[] {
  const names: { type: 2 | 7; value?: string; ip?: string }[] = [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }];
  if (isIP(host) && !['127.0.0.1', '::1', '0.0.0.0', '::'].includes(host)) names.push({ type: 7, ip: host });
  else if (!isIP(host) && host !== 'localhost') names.push({ type: 2, value: host });
  return names;
}

/** A stored self-signed certificate still valid for a while and covering `host`, or undefined. */
function reuseSelfSigned(certPath: string, keyPath: string, host: string, now: Date): TlsMaterial | undefined {
  if (!existsSync(certPath) || !existsSync(keyPath)) return undefined;
  const cert = readFileSync(certPath, 'utf8');
  const x509 = certificateOf(cert, certPath);
  if (Date.parse(x509.validTo) - RENEW_BEFORE_MS < now.getTime()) return undefined;
  const covers = isIP(host) ? x509.checkIP(host) !== undefined || ['0.0.0.0', '::'].includes(host) : x509.checkHost(host) !== undefined;
  if (!covers) return undefined;
  return { cert, key: readFileSync(keyPath, 'utf8'), fingerprint: x509.fingerprint256, selfSigned: true };
}

/**
 * A self-signed certificate for development, kept in `<dataDir>/tls/` (key mode 0600) and reused across
 * restarts so clients that pinned its fingerprint keep working; renewed when it nears expiry or does
 * not cover the host.
 */
export async function selfSignedTls(dataDir: string, host: string, now = new Date()): Promise<TlsMaterial> {
  const dir = join(dataDir, 'tls');
  const certPath = join(dir, 'self-signed.crt');
  const keyPath = join(dir, 'self-signed.key');
  const reused = reuseSelfSigned(certPath, keyPath, host, now);
  if (reused) return reused;
  const pems = await generate([{ name: 'commonName', value: 'keyflow (self-signed)' }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000), notAfterDate: new Date(now.getTime() + VALID_DAYS * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: altNames(host) },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private, fingerprint: certificateOf(pems.cert, certPath).fingerprint256, selfSigned: true };
}

/** The certificate and key in force: given files, a self-signed pair, or none (plain HTTP). */
export async function resolveTls(settings: TlsSettings, dataDir: string, host: string): Promise<TlsMaterial | undefined> {
  if ((settings.cert === undefined) !== (settings.key === undefined)) {
    throw new ServerError('ERR_SERVER_TLS', 'give both --tls-cert and --tls-key (tls.cert and tls.key), or neither');
  }
  if (settings.cert !== undefined && settings.selfSigned) {
    throw new ServerError('ERR_SERVER_TLS', 'choose either a certificate (--tls-cert/--tls-key) or --tls-self-signed, not both');
  }
  if (settings.cert !== undefined && settings.key !== undefined) {
    const cert = readPem(settings.cert, 'certificate');
    const key = readPem(settings.key, 'key');
    return { cert, key, fingerprint: certificateOf(cert, settings.cert).fingerprint256, selfSigned: false };
  }
  return settings.selfSigned ? selfSignedTls(dataDir, host) : undefined;
}
