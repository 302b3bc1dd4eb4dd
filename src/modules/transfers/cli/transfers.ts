import type { Command } from 'commander';
import { CliExit, EXIT, printTable, withContext } from '../../../cli/runtime.js';
import { createTransferOrder } from '../commands/create-transfer-order.js';
import { receiveTransferOrder } from '../commands/receive-transfer-order.js';
import { shipTransferOrder } from '../commands/ship-transfer-order.js';
import type { TransferOrder } from '../db/transfer-orders.js';
import { getTransferOrder, listTransferOrders } from '../queries/transfer-orders.js';

function printTransferOrder(o: TransferOrder): void {
  console.log(
    `${o.number}  ${o.id}  ${o.from} → ${o.to}  ${o.status}${o.expectedAt ? `  expected ${o.expectedAt}` : ''}`,
  );
  printTable(
    o.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      requested: l.qtyRequested,
      shipped: l.qtyShipped,
      received: l.qtyReceived,
      damaged: l.qtyDamaged,
      lost: l.qtyLost,
      inTransit: l.qtyInTransit,
      from: l.picks.map((p) => `${p.qty}@${p.from}`).join(' '),
    })),
    ['lineNo', 'sku', 'requested', 'shipped', 'received', 'damaged', 'lost', 'inTransit', 'from'],
  );
}

/** `SKU:QTY` or `LINE:QTY[:extra]` pairs from the command line. */
function pairs(values: string[], what: string): string[][] {
  return values.map((v) => {
    const parts = v.split(':');
    if (parts.length < 2 || parts.some((p) => p === '')) {
      throw new CliExit(EXIT.usage, `"${v}" is not ${what}.`);
    }
    return parts;
  });
}

const toInt = (text: string, what: string) => {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new CliExit(EXIT.usage, `${what} must be a whole number, not "${text}".`);
  return n;
};

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerTransferCommands(program: Command): void {
  const transfers = program
    .command('transfers')
    .description('Transfer orders: SKUs moving between warehouses, requested, shipped and received');
  transfers
    .command('request')
    .description('Request a transfer: coulisse transfers request --from WH1 --to WH2 --line SKU-1:5')
    .requiredOption('--from <warehouse>')
    .requiredOption('--to <warehouse>')
    .option('--line <sku:qty>', 'a SKU and its quantity (repeat)', collect, [])
    .option('--expected-at <date-time>')
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        from: string;
        to: string;
        line: string[];
        expectedAt?: string;
        note?: string;
        json?: boolean;
      }) => {
        const lines = pairs(opts.line, 'SKU:QTY').map(([sku, qty]) => ({
          sku: sku!,
          qty: toInt(qty!, 'qty'),
        }));
        const o = await withContext((ctx) =>
          createTransferOrder(ctx, {
            from: opts.from,
            to: opts.to,
            lines,
            expectedAt: opts.expectedAt,
            note: opts.note,
          }),
        );
        if (opts.json) return console.log(JSON.stringify(o.value, null, 2));
        printTransferOrder(o.value);
      },
    );
  transfers
    .command('ship <id>')
    .description('Ship a requested transfer order (default: every line in full from the storage bins)')
    .option(
      '--line <lineNo:qty[:bin]>',
      'ship this line only, this much, optionally from this bin (repeat)',
      collect,
      [],
    )
    .option('--to <location>', 'where the units will arrive at the destination')
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { line: string[]; to?: string; note?: string; json?: boolean }) => {
      const lines =
        opts.line.length === 0
          ? undefined
          : pairs(opts.line, 'LINE:QTY[:BIN]').map(([lineNo, qty, ...bin]) => ({
              lineNo: toInt(lineNo!, 'lineNo'),
              qty: toInt(qty!, 'qty'),
              from: bin.length > 0 ? bin.join(':') : undefined,
            }));
      const o = await withContext((ctx) =>
        shipTransferOrder(ctx, id, { lines, to: opts.to, note: opts.note }),
      );
      if (opts.json) return console.log(JSON.stringify(o.value, null, 2));
      printTransferOrder(o.value);
    });
  transfers
    .command('receive <id>')
    .description('Receive units of a shipped transfer order; --close writes off what is still in transit')
    .option(
      '--line <lineNo:qty[:damaged]>',
      'units arrived on a line, optionally how many damaged (repeat)',
      collect,
      [],
    )
    .option('--location <code>', 'destination dock or bin for the good units')
    .option('--quarantine <code>', 'quarantine location for damaged units')
    .option('--close', 'write off whatever is still in transit as lost')
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        opts: {
          line: string[];
          location?: string;
          quarantine?: string;
          close?: boolean;
          note?: string;
          json?: boolean;
        },
      ) => {
        const lines = pairs(opts.line, 'LINE:QTY[:DAMAGED]').map(([lineNo, qty, damaged]) => ({
          lineNo: toInt(lineNo!, 'lineNo'),
          qty: toInt(qty!, 'qty'),
          damaged: damaged === undefined ? undefined : toInt(damaged, 'damaged'),
        }));
        const o = await withContext((ctx) =>
          receiveTransferOrder(ctx, id, {
            lines,
            location: opts.location,
            quarantine: opts.quarantine,
            close: opts.close,
            note: opts.note,
          }),
        );
        if (opts.json) return console.log(JSON.stringify(o.value, null, 2));
        printTransferOrder(o.value);
      },
    );
  transfers
    .command('list')
    .description('Transfer orders, newest first')
    .option('--from <warehouse>')
    .option('--to <warehouse>')
    .option('--status <status>', 'requested, shipped, partially_received, received or cancelled')
    .option('--sku <code>')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        from?: string;
        to?: string;
        status?: string;
        sku?: string;
        limit: string;
        json?: boolean;
      }) => {
        const page = await withContext((ctx) =>
          listTransferOrders(ctx, {
            from: opts.from,
            to: opts.to,
            status: opts.status,
            sku: opts.sku,
            limit: Math.min(500, Number(opts.limit) || 50),
          }),
        );
        if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
        printTable(
          page.items.map((o) => ({
            ...o,
            units: o.lines.reduce((n, l) => n + l.qtyRequested, 0),
            inTransit: o.lines.reduce((n, l) => n + l.qtyInTransit, 0),
            requestedAt: o.requestedAt.slice(0, 16).replace('T', ' '),
          })),
          ['number', 'id', 'from', 'to', 'status', 'units', 'inTransit', 'requestedAt'],
        );
      },
    );
  transfers
    .command('show <id>')
    .description('A transfer order: its lines and the bins they shipped from')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const o = await withContext((ctx) => getTransferOrder(ctx, id));
      if (opts.json) return console.log(JSON.stringify(o, null, 2));
      printTransferOrder(o);
    });
}
