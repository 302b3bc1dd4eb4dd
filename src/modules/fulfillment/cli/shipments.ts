import type { Command } from 'commander';
import { printTable, withContext } from '../../../cli/runtime.js';
import { createShipment } from '../commands/create-shipment.js';
import { shipShipment } from '../commands/ship-shipment.js';
import { voidShipment } from '../commands/void-shipment.js';
import type { Shipment } from '../db/shipments.js';
import { getShipment, listShipments } from '../queries/shipments.js';

function printShipment(s: Shipment): void {
  console.log(
    `${s.id}  order ${s.orderId} (${s.channel} #${s.externalId})  ${s.warehouse}  ${s.status}${
      s.carrier
        ? `  ${s.carrier}${s.service ? ` ${s.service}` : ''}${s.trackingNumber ? ` ${s.trackingNumber}` : ''}`
        : ''
    }`,
  );
  printTable(
    s.lines.flatMap((l) =>
      l.pieces.map((p, i) => ({
        lineNo: i === 0 ? l.lineNo : '',
        sku: i === 0 ? l.sku : '',
        qty: i === 0 ? l.qty : '',
        pick: `${p.qty} × ${p.sku}`,
        from: p.location,
      })),
    ),
    ['lineNo', 'sku', 'qty', 'pick', 'from'],
  );
}

export function registerShipmentCommands(program: Command): void {
  const shipments = program
    .command('shipments')
    .description('Shipments: units of an order leaving a warehouse');
  shipments
    .command('list')
    .description('Shipments, newest first')
    .option('--order <id>')
    .option('--status <status>', 'open, shipped, delivered or voided')
    .option('--warehouse <code>')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        order?: string;
        status?: string;
        warehouse?: string;
        limit: string;
        json?: boolean;
      }) => {
        const page = await withContext((ctx) =>
          listShipments(ctx, {
            order: opts.order,
            status: opts.status,
            warehouse: opts.warehouse,
            limit: Math.min(500, Number(opts.limit) || 50),
          }),
        );
        if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
        printTable(
          page.items.map((s) => ({
            ...s,
            units: s.lines.reduce((n, l) => n + l.qty, 0),
            createdAt: s.createdAt.slice(0, 16).replace('T', ' '),
            tracking: s.trackingNumber ?? '',
          })),
          ['id', 'orderId', 'warehouse', 'status', 'units', 'carrier', 'tracking', 'createdAt'],
        );
      },
    );
  shipments
    .command('show <id>')
    .description('A shipment: its lines and the bins to pick them from')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const s = await withContext((ctx) => getShipment(ctx, id));
      if (opts.json) return console.log(JSON.stringify(s, null, 2));
      printShipment(s);
    });
  shipments
    .command('create <order>')
    .description('Set the allocated units of an order aside for a shipment')
    .option('--warehouse <code>', 'when the order is allocated in several warehouses')
    .option('--json', 'print JSON')
    .action(async (order: string, opts: { warehouse?: string; json?: boolean }) => {
      const s = await withContext((ctx) => createShipment(ctx, { order, warehouse: opts.warehouse }));
      if (opts.json) return console.log(JSON.stringify(s.value, null, 2));
      printShipment(s.value);
    });
  shipments
    .command('ship <id>')
    .description('Confirm a shipment left: stock goes to the customer, the channel is told')
    .requiredOption('--carrier <name>')
    .option('--service <name>')
    .option('--tracking <number>')
    .option('--json', 'print JSON')
    .action(
      async (id: string, opts: { carrier: string; service?: string; tracking?: string; json?: boolean }) => {
        const s = await withContext((ctx) =>
          shipShipment(ctx, id, {
            carrier: opts.carrier,
            service: opts.service,
            trackingNumber: opts.tracking,
          }),
        );
        if (opts.json) return console.log(JSON.stringify(s.value, null, 2));
        printShipment(s.value);
      },
    );
  shipments
    .command('void <id>')
    .description('Void an open shipment; its units stay allocated to the order')
    .requiredOption('--reason <text>')
    .action(async (id: string, opts: { reason: string }) => {
      const s = await withContext((ctx) => voidShipment(ctx, id, { reason: opts.reason }));
      printShipment(s.value);
    });
}
