import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { remoteTargetOf, withServerFlags } from '../open-backend.js';
import { alignColumns } from '../render-tree.js';
import { CliError } from '../cli-error.js';
import { connect, type TargetFlags } from '../remote/index.js';

interface WhoamiFlags extends TargetFlags {
  output?: string;
}

/** `keyflow whoami`: the Principal the server makes of this CLI's token (`/api/v1/userinfo`). */
export function registerWhoami(program: Command, ctx: CliContext): void {
  withServerFlags(program.command('whoami').description('show who the server thinks you are')
    .option('-o, --output <format>', 'json'))
    .action(async (flags: WhoamiFlags) => {
      if (flags.output && flags.output !== 'json') throw new CliError(`--output must be json, not '${flags.output}'`);
      const target = remoteTargetOf(flags, ctx, { useCurrent: true });
      if (!target) throw new CliError('which server? keyflow whoami --server URL (or set KEYFLOW_SERVER); the embedded engine has no users');
      const me = await connect(target).client.userinfo();
      if (flags.output === 'json') {
        ctx.stdout(`${JSON.stringify({ username: me.username, issuer: me.issuer, subject: me.subject, groups: me.groups ?? [], kind: me.kind }, null, 2)}\n`);
        return;
      }
      ctx.stdout(`${alignColumns([
        `Username:\t${me.username}`, `Issuer:\t${me.issuer}`, `Subject:\t${me.subject}`,
        `Groups:\t${(me.groups ?? []).join(', ')}`, `Kind:\t${me.kind}`, `Server:\t${target.key}`,
      ]).join('\n')}\n`);
    });
}
