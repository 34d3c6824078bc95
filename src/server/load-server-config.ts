import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ServerError } from './errors.js';

/** Config files are a few hundred bytes; anything this large is a mistake, not a configuration. */
const MAX_CONFIG_BYTES = 1024 * 1024;

const httpUrl = (what: string) => z.string().refine((u) => /^https?:\/\/\S+$/.test(u) && URL.canParse(u), `${what} must be an http:// or https:// URL`);

const ISSUER = z.object({
  issuer: httpUrl('issuer'),
  audience: z.string().min(1, 'audience must not be empty'),
  usernameClaim: z.string().min(1).optional(),
  groupsClaim: z.string().min(1).optional(),
  claimPrefix: z.string().optional(),
  jwksUri: httpUrl('jwksUri').optional(),
  algorithms: z.array(z.string().min(1)).min(1).optional(),
}).strict();

const CONFIG = z.object({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().min(1).optional(),
  /** Public base URL (issuer of the built-in IdP), when clients reach the server under another name. */
  url: httpUrl('url').optional(),
  dataDir: z.string().min(1).optional(),
  database: z.string().min(1).optional(),
  sandbox: z.boolean().optional(),
  tls: z.object({
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    selfSigned: z.boolean().optional(),
  }).strict().optional(),
  auth: z.object({
    /** The built-in IdP under /oidc (default true). */
    builtinIdp: z.boolean().optional(),
    issuers: z.array(ISSUER).optional(),
  }).strict().optional(),
}).strict();

/** The contents of keyflow.yaml, validated; relative paths already resolved against the file's directory. */
export type ServerConfig = z.infer<typeof CONFIG>;

function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

function readConfigText(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new ServerError('ERR_SERVER_CONFIG', `${path}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > MAX_CONFIG_BYTES) throw new ServerError('ERR_SERVER_CONFIG', `${path}: the config file is ${size} bytes, more than the limit of ${MAX_CONFIG_BYTES}`);
  return readFileSync(path, 'utf8');
}

function parseYaml(path: string, text: string): unknown {
  try {
    // Aliases are of no use in a config file; a small cap keeps a hostile one from expanding.
    return parse(text, { maxAliasCount: 10, uniqueKeys: true, prettyErrors: true });
  } catch (err) {
    const pos = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new ServerError('ERR_SERVER_CONFIG', `${path}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${((err as Error).message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`);
  }
}

/**
 * Reads keyflow.yaml (the `keyflow server --config` file): YAML, validated field by field; unknown fields
 * are refused so a misspelt setting cannot silently fall back to a default. Without a path: no settings.
 * Errors name the file and the field: `keyflow.yaml: auth.issuers[0].audience: Required`.
 */
export function loadServerConfig(path?: string): ServerConfig {
  if (path === undefined) return {};
  const value = parseYaml(path, readConfigText(path)) ?? {};
  const parsed = CONFIG.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const unknown = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
      return `${formatPath(issue.path) || '(top level)'}: ${unknown}`;
    });
    throw new ServerError('ERR_SERVER_CONFIG', `${path}: ${lines.join('; ')}`);
  }
  const config = parsed.data;
  const base = dirname(resolve(path));
  const rel = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(base, p));
  return {
    ...config,
    ...(config.dataDir ? { dataDir: rel(config.dataDir) } : {}),
    ...(config.tls ? { tls: { ...config.tls, ...(config.tls.cert ? { cert: rel(config.tls.cert) } : {}), ...(config.tls.key ? { key: rel(config.tls.key) } : {}) } } : {}),
  };
}
