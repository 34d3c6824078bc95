import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { remoteTargetOf, withServerFlags } from '../open-backend.js';
import { CliError } from '../cli-error.js';
import { discover, HttpTransport, readConfig, revokeToken, withConfigLock, writeConfig, type ServerEntry, type TargetFlags } from '../remote/index.js';

/** Revokes the longest-lived token held (RFC 7009); false when the provider has no revocation endpoint. */
async function revoke(entry: ServerEntry, transport: HttpTransport): Promise<boolean> {
  const config = await discover({ issuer: entry.issuer, clientId: entry.clientId, transport, ...(entry.clientSecret ? { clientSecret: entry.clientSecret } : {}) });
  return entry.refreshToken ? revokeToken(config, entry.refreshToken, 'refresh_token') : revokeToken(config, entry.accessToken, 'access_token');
}

/** `keyflow logout`: revokes the session at the identity provider (when it can) and forgets its tokens. */
export function registerLogout(program: Command, ctx: CliContext): void {
  withServerFlags(program.command('logout').description('forget (and revoke) the tokens for a server'))
    .action(async (flags: TargetFlags) => {
      const target = remoteTargetOf(flags, ctx, { useCurrent: true });
      if (!target) throw new CliError('which server? keyflow logout --server URL (or set KEYFLOW_SERVER)');
      const entry = readConfig(target.configFile).servers[target.key];
      if (!entry) {
        ctx.stdout(`Not logged in to ${target.key}\n`);
        return;
      }
      try {
        if (!(await revoke(entry, new HttpTransport(target.tls)))) ctx.stderr('note: the identity provider offers no revocation; the tokens were only forgotten here\n');
      } catch (err) {
        ctx.stderr(`warning: could not revoke the session (${err instanceof Error ? err.message : String(err)}); forgetting its tokens anyway\n`);
      }
      await withConfigLock(target.configFile, async () => {
        const config = readConfig(target.configFile);
        delete config.servers[target.key];
        if (config.current === target.key) delete config.current;
        writeConfig(target.configFile, config);
      });
      ctx.stdout(`Logged out of ${target.key}\n`);
    });
}
