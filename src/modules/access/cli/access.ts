import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliExit, EXIT, printTable, withContext } from '../../../cli/runtime.js';
import type { Context } from '../../../db/index.js';
import { getShrinkageReport } from '../../inventory/index.js';
import { createApiKey, revokeApiKey } from '../commands/api-keys.js';
import { createUser } from '../commands/create-user.js';
import { setUserPassword } from '../commands/set-password.js';
import { updateUser } from '../commands/update-user.js';
import { isRole, type Role } from '../domain/permissions.js';
import { normalizeEmail } from '../domain/users.js';
import { listAudit } from '../queries/list-audit.js';
import { listApiKeys, listUsers } from '../queries/users.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function userByEmailOrId(
  ctx: Context,
  who: string,
): Promise<{ id: string; role: Role; email: string }> {
  const { rows } = await ctx.db.query<{ user_id: string; role: Role; email: string }>(
    'SELECT user_id, role, email FROM users WHERE user_id = $1 OR email = $2',
    [who, normalizeEmail(who)],
  );
  if (!rows[0]) throw new CliExit(EXIT.failed, `No user ${who}.`);
  return { id: rows[0].user_id, role: rows[0].role, email: rows[0].email };
}

/** A readable random password: 4 groups of 5 base32 characters (100 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

export function registerAccessCommands(program: Command): void {
  const users = program.command('users').description('Staff accounts');
  users
    .command('create')
    .description(
      'Create a staff account (the first owner: --role owner). The password comes from --password-file, ' +
        'COULISSE_NEW_PASSWORD, or is generated and printed once.',
    )
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .requiredOption(
      '--role <role>',
      'owner, admin, manager, warehouse_operator, purchasing, accountant, read_only',
    )
    .option('--warehouse <code>', 'a warehouse the user works in (repeat)', collect, [])
    .option('--all-warehouses', 'every warehouse (owners and admins always)')
    .option('--password-file <path>', 'read the password from this file (first line)')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        email: string;
        name: string;
        role: string;
        warehouse: string[];
        allWarehouses?: boolean;
        passwordFile?: string;
        json?: boolean;
      }) => {
        if (!isRole(opts.role)) throw new CliExit(EXIT.usage, `--role must be a role; got ${opts.role}`);
        const role = opts.role;
        const fromFile = opts.passwordFile
          ? readFileSync(opts.passwordFile, 'utf8').split(/\r?\n/)[0]
          : undefined;
        const given = fromFile ?? process.env.COULISSE_NEW_PASSWORD;
        const password = given || generatePassword();
        const { value } = await withContext((ctx) =>
          createUser(ctx, {
            email: opts.email,
            name: opts.name,
            password,
            role,
            warehouses: opts.warehouse,
            allWarehouses: opts.allWarehouses,
          }),
        );
        if (opts.json)
          return console.log(JSON.stringify({ ...value, ...(given ? {} : { password }) }, null, 2));
        console.log(`Created ${value.role} ${value.email} (${value.id}).`);
        if (!given) console.log(`Password (shown once, change it after signing in): ${password}`);
      },
    );
  users
    .command('list')
    .description('List staff accounts')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const page = await withContext((ctx) => listUsers(ctx, { limit: 500 }));
      if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
      printTable(
        page.items.map((u) => ({
          ...u,
          warehouses: u.allWarehouses ? '(all)' : u.warehouses.join(','),
          status: u.isDisabled ? 'disabled' : 'active',
        })),
        ['email', 'name', 'role', 'warehouses', 'status', 'id'],
      );
    });
  for (const [verb, isDisabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    users
      .command(`${verb} <user>`)
      .description(
        isDisabled
          ? 'Disable an account (email or id): its sessions end and its API keys stop at once'
          : 'Enable a disabled account',
      )
      .action(async (who: string) => {
        const user = await withContext(async (ctx) => {
          const u = await userByEmailOrId(ctx, who);
          return (await updateUser(ctx, u.id, { isDisabled })).value;
        });
        console.log(`${user.email} is ${user.isDisabled ? 'disabled' : 'enabled'}.`);
      });
  }

  users
    .command('set-password <user>')
    .description(
      "Reset a user's password (email or id); their sessions end. From --password-file, COULISSE_NEW_PASSWORD, or generated and printed once",
    )
    .option('--password-file <path>', 'read the password from this file (first line)')
    .action(async (who: string, opts: { passwordFile?: string }) => {
      const given = opts.passwordFile
        ? readFileSync(opts.passwordFile, 'utf8').split(/\r?\n/)[0]
        : process.env.COULISSE_NEW_PASSWORD;
      const password = given || generatePassword();
      const email = await withContext(async (ctx) => {
        const u = await userByEmailOrId(ctx, who);
        await setUserPassword(ctx, u.id, { password });
        return u.email;
      });
      console.log(`Password of ${email} reset; their sessions have ended.`);
      if (!given) console.log(`New password (shown once): ${password}`);
    });

  const keys = program.command('keys').description('API keys for integrations');
  keys
    .command('create')
    .description('Create an API key (printed once; only its hash is stored)')
    .requiredOption('--name <name>')
    .requiredOption('--user <email>', 'the owner or admin the key belongs to (it dies with their account)')
    .option('--scope <permission>', 'a permission the key holds (repeat)', collect, [])
    .option('--warehouse <code>', 'restrict to this warehouse (repeat)', collect, [])
    .option('--channel <code>', 'the sales channel the key acts for')
    .option('--expires <time>', 'ISO date-time after which the key stops working')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        name: string;
        user: string;
        scope: string[];
        warehouse: string[];
        channel?: string;
        expires?: string;
        json?: boolean;
      }) => {
        if (opts.scope.length === 0) throw new CliExit(EXIT.usage, 'Give at least one --scope.');
        const { value } = await withContext(async (ctx) => {
          const u = await userByEmailOrId(ctx, opts.user);
          return createApiKey(
            ctx,
            {
              name: opts.name,
              scopes: opts.scope,
              warehouses: opts.warehouse.length > 0 ? opts.warehouse : undefined,
              channel: opts.channel,
              expiresAt: opts.expires,
            },
            { userId: u.id, role: u.role },
          );
        });
        if (opts.json) return console.log(JSON.stringify(value, null, 2));
        console.log(`Created key ${value.id} (${value.name}), scopes ${value.scopes.join(', ')}.`);
        console.log(`Key (shown once): ${value.key}`);
      },
    );
  keys
    .command('list')
    .description('List API keys')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const page = await withContext((ctx) => listApiKeys(ctx, { limit: 500 }));
      if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
      printTable(
        page.items.map((k) => ({
          ...k,
          scopes: k.scopes.join(','),
          warehouses: k.allWarehouses ? '(all)' : k.warehouses.join(','),
          status: k.revokedAt ? 'revoked' : 'active',
          lastUsedAt: k.lastUsedAt ?? 'never',
        })),
        ['id', 'name', 'prefix', 'scopes', 'warehouses', 'status', 'lastUsedAt'],
      );
    });
  keys
    .command('revoke <id>')
    .description('Revoke an API key: refused from the next request on')
    .action(async (id: string) => {
      const { value } = await withContext((ctx) => revokeApiKey(ctx, id));
      console.log(`Revoked ${value.id} (${value.name}) at ${value.revokedAt}.`);
    });

  program
    .command('audit')
    .description('The audit trail, newest first')
    .option('--actor <id>', 'user or API key id')
    .option('--target <id>', 'target id (SKU code, user id, …)')
    .option('--target-type <type>', 'sku, location, stock, reservation, user, api_key, …')
    .option('--operation <op>', 'exact (inventory.adjust_stock) or a prefix ending in "."')
    .option('--since <time>', 'at or after (ISO date-time)')
    .option('--until <time>', 'before (ISO date-time)')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        actor?: string;
        target?: string;
        targetType?: string;
        operation?: string;
        since?: string;
        until?: string;
        limit: string;
        json?: boolean;
      }) => {
        const page = await withContext((ctx) =>
          listAudit(ctx, {
            actor: opts.actor,
            target: opts.target,
            targetType: opts.targetType,
            operation: opts.operation,
            since: opts.since,
            until: opts.until,
            limit: Math.min(500, Number(opts.limit) || 50),
          }),
        );
        if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
        printTable(
          page.items.map((a) => ({
            time: a.occurredAt.slice(0, 19).replace('T', ' '),
            actor: a.actor.id,
            role: a.actor.role,
            operation: a.operation,
            target: a.target ? `${a.target.type}:${a.target.id ?? ''}` : '',
            reason: a.reason,
            change: JSON.stringify({ before: a.before, after: a.after }).slice(0, 100),
          })),
          ['time', 'actor', 'role', 'operation', 'target', 'reason', 'change'],
        );
      },
    );

  program
    .command('shrinkage')
    .description('Shrinkage report: damage, theft, loss, count corrections and scrap by SKU, location, user')
    .option('--since <time>')
    .option('--until <time>')
    .option('--warehouse <code>')
    .option('--sku <code>')
    .option('--reason <reason>')
    .option('--period <p>', 'day, week, month or all', 'all')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        since?: string;
        until?: string;
        warehouse?: string;
        sku?: string;
        reason?: string;
        period: string;
        json?: boolean;
      }) => {
        if (!['day', 'week', 'month', 'all'].includes(opts.period))
          throw new CliExit(EXIT.usage, '--period must be day, week, month or all');
        const report = await withContext((ctx) =>
          getShrinkageReport(ctx, {
            since: opts.since,
            until: opts.until,
            warehouse: opts.warehouse,
            sku: opts.sku,
            reason: opts.reason,
            period: opts.period as 'all',
          }),
        );
        if (opts.json) return console.log(JSON.stringify(report, null, 2));
        printTable(
          report.rows.map((r) => ({ ...r, period: r.period?.slice(0, 10) ?? '', actor: r.actor.id })),
          ['period', 'sku', 'location', 'reason', 'actor', 'qtyLost', 'qtyFound', 'moves'],
        );
        console.log(`\nTotal lost ${report.totals.qtyLost}, found ${report.totals.qtyFound}.`);
      },
    );
}
