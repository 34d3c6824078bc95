import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { remoteTargetOf, withServerFlags } from '../open-backend.js';
import { readSecretFromStdin } from '../read-stdin.js';
import { CliError } from '../cli-error.js';
import {
  builtinIssuer, CLI_CLIENT_ID, connect, discover, HttpTransport, loginWithBrowser, loginWithClientCredentials, loginWithDevice, loginWithPassword,
  readConfig, withConfigLock, writeConfig, type RemoteTarget, type ServerEntry, type TargetFlags, type TokenSet,
} from '../remote/index.js';

interface LoginFlags extends TargetFlags {
  device?: boolean;
  clientId?: string;
  clientSecretStdin?: boolean;
  username?: string;
  passwordStdin?: boolean;
}

type Flow = 'browser' | 'device' | 'password' | 'client';

/** Which login flow the flags ask for; contradictory or half-given flags are usage errors. */
export function chooseFlow(flags: LoginFlags, tty: boolean): Flow {
  if ((flags.clientId !== undefined) !== (flags.clientSecretStdin === true)) throw new CliError('--client-id and --client-secret-stdin go together');
  if ((flags.username !== undefined) !== (flags.passwordStdin === true)) throw new CliError('--username and --password-stdin go together');
  const chosen: Flow[] = [flags.device && 'device', flags.clientId !== undefined && 'client', flags.username !== undefined && 'password'].filter((f): f is Flow => Boolean(f));
  if (chosen.length > 1) throw new CliError('choose one way to log in: --device, --client-id, or --username');
  if (chosen[0]) return chosen[0];
  if (!tty) throw new CliError('no terminal to open a browser login from: use --device, --username U --password-stdin, or --client-id ID --client-secret-stdin');
  return 'browser';
}

async function obtainTokens(ctx: CliContext, target: RemoteTarget, flags: LoginFlags, flow: Flow, transport: HttpTransport): Promise<{ tokens: TokenSet; entry: Omit<ServerEntry, 'accessToken'> }> {
  const issuer = builtinIssuer(target.url);
  if (flow === 'client') {
    const clientId = flags.clientId ?? '';
    const clientSecret = await readSecretFromStdin('client secret');
    const config = await discover({ issuer, clientId, clientSecret, transport });
    return { tokens: await loginWithClientCredentials(config), entry: { issuer, clientId, clientSecret, kind: 'serviceaccount' } };
  }
  const password = flow === 'password' ? await readSecretFromStdin('password') : '';
  const config = await discover({ issuer, clientId: CLI_CLIENT_ID, transport });
  const say = (text: string): void => ctx.stderr(text);
  const tokens = flow === 'password' ? await loginWithPassword(config, transport, flags.username ?? '', password)
    : flow === 'device' ? await loginWithDevice(config, say)
      : await loginWithBrowser(config, say);
  return { tokens, entry: { issuer, clientId: CLI_CLIENT_ID, kind: 'user' } };
}

async function login(ctx: CliContext, flags: LoginFlags): Promise<void> {
  const flow = chooseFlow(flags, process.stdin.isTTY === true);
  const target = remoteTargetOf(flags, ctx, { useCurrent: true });
  if (!target) throw new CliError('which server? keyflow login --server URL (or set KEYFLOW_SERVER)');
  const transport = new HttpTransport(target.tls);
  const { tokens, entry } = await obtainTokens(ctx, target, flags, flow, transport);
  await withConfigLock(target.configFile, async () => {
    const config = readConfig(target.configFile);
    config.servers[target.key] = {
      ...entry, accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
      ...(target.tls.caFile ? { caFile: resolve(target.tls.caFile) } : {}),
      ...(target.tls.insecureSkipVerify ? { insecureSkipTlsVerify: true } : {}),
    };
    config.current = target.key;
    writeConfig(target.configFile, config);
  });
  try {
    const me = await connect(target).client.userinfo();
    ctx.stdout(`Logged in to ${target.key} as ${me.username} (${me.kind})\n`);
  } catch (err) {
    ctx.stdout(`Logged in to ${target.key}\n`);
    ctx.stderr(`warning: the server did not say who this is: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

/** `keyflow login`: gets tokens from the server's identity provider and keeps them in the config file. */
export function registerLogin(program: Command, ctx: CliContext): void {
  withServerFlags(program.command('login')
    .description('log in to a keyflow server (browser by default; --device, --username or --client-id for headless logins)')
    .option('--device', 'device authorization: print a code to enter in a browser elsewhere')
    .option('--username <name>', 'log in as this user without a browser (password from stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--client-id <id>', 'log in as a service account (OAuth client_credentials)')
    .option('--client-secret-stdin', 'read the client secret from standard input'))
    .action(async (flags: LoginFlags) => login(ctx, flags));
}
