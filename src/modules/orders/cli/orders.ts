import type { Command } from 'commander';
import { printTable, withContext } from '../../../cli/runtime.js';
import { cancelOrder } from '../commands/cancel-order.js';
import { getOrder, listOrders } from '../queries/orders.js';
import { registerOrderImportCommand } from './import-orders.js';

export function registerOrderCommands(program: Command): void {
  const orders = program.command('orders').description('Orders from every sales channel');
  registerOrderImportCommand(orders);
  orders
    .command('list')
    .description('Orders, newest placed first')
    .option('--status <status>')
    .option('--channel <code>')
    .option('--sku <code>')
    .option('--customer <ref>', 'customer id, external id or email')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        status?: string;
        channel?: string;
        sku?: string;
        customer?: string;
        limit: string;
        json?: boolean;
      }) => {
        const page = await withContext((ctx) =>
          listOrders(ctx, {
            status: opts.status,
            channel: opts.channel,
            sku: opts.sku,
            customer: opts.customer,
            limit: Math.min(500, Number(opts.limit) || 50),
          }),
        );
        if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
        printTable(
          page.items.map((o) => ({
            ...o,
            placedAt: o.placedAt.slice(0, 16).replace('T', ' '),
            hold: o.onHold ? 'HOLD' : '',
            lines: o.lines.length,
            total: o.totals.totalMinor === null ? '' : `${o.totals.totalMinor} ${o.currency}`,
          })),
          ['id', 'channel', 'externalId', 'placedAt', 'status', 'hold', 'lines', 'total'],
        );
      },
    );
  orders
    .command('show <id>')
    .description('An order: lines, allocation and why, timeline')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const order = await withContext((ctx) => getOrder(ctx, id));
      if (opts.json) return console.log(JSON.stringify(order, null, 2));
      console.log(
        `${order.id}  ${order.channel} #${order.externalId}  ${order.status}${order.onHold ? ` (on hold: ${order.holdReason})` : ''}`,
      );
      printTable(
        order.lines.map((l) => ({
          ...l,
          at: l.allocations.map((a) => `${a.location}×${a.qty}`).join(' '),
        })),
        [
          'lineNo',
          'sku',
          'qtyOrdered',
          'qtyAllocated',
          'qtyInFulfilment',
          'qtyBackordered',
          'qtyShipped',
          'qtyCancelled',
          'at',
        ],
      );
      for (const e of order.allocation?.explanation ?? []) console.log(`  · ${e}`);
      console.log('');
      printTable(
        order.timeline.map((e) => ({
          ...e,
          occurredAt: e.occurredAt.slice(0, 19).replace('T', ' '),
          actor: e.actor.id,
        })),
        ['occurredAt', 'event', 'fromStatus', 'toStatus', 'actor', 'reason'],
      );
    });
  orders
    .command('cancel <id>')
    .description('Cancel an order (what is not shipped); its stock is released')
    .requiredOption('--reason <text>')
    .action(async (id: string, opts: { reason: string }) => {
      const { value } = await withContext((ctx) => cancelOrder(ctx, id, { reason: opts.reason }));
      console.log(`Order ${value.id} is ${value.status}.`);
    });
}
