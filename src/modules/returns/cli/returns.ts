import type { Command } from 'commander';
import { CliExit, EXIT, printTable, withContext } from '../../../cli/runtime.js';
import { formatMinor } from '../../../kernel/money.js';
import { authoriseReturn } from '../commands/authorise-return.js';
import { cancelReturn } from '../commands/cancel-return.js';
import { closeReturn } from '../commands/close-return.js';
import { inspectReturn } from '../commands/inspect-return.js';
import { receiveReturn } from '../commands/receive-return.js';
import type { CustomerReturn } from '../db/returns.js';
import { GRADES, type Grade, RETURN_REASONS, type ReturnReason } from '../domain/grading.js';
import { getReturn, listReturns } from '../queries/returns.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function whole(text: string | undefined, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new CliExit(EXIT.usage, `${what} must be a whole number 1 or more`);
  return n;
}

function printReturn(r: CustomerReturn): void {
  console.log(
    `${r.number} (${r.id})  order ${r.orderId} (${r.channel} #${r.externalId})  ${r.warehouse}  ${r.status}  refund ${formatMinor(r.refundMinor, r.currency)} ${r.currency}`,
  );
  printTable(
    r.lines.map((l) => ({
      lineNo: l.lineNo,
      orderLine: l.orderLineNo,
      sku: l.sku,
      reason: l.reason,
      authorised: l.qtyAuthorised,
      received: l.qtyReceived,
      restock: l.graded.restock,
      quarantine: l.graded.quarantine,
      scrap: l.graded.scrap,
    })),
    ['lineNo', 'orderLine', 'sku', 'reason', 'authorised', 'received', 'restock', 'quarantine', 'scrap'],
  );
}

/** `coulisse returns authorise|receive|inspect|close|cancel|list|show`. */
export function registerReturnCommands(program: Command): void {
  const returns = program
    .command('returns')
    .description('Customer returns (RMA): authorise, receive, inspect and grade, close');
  returns
    .command('authorise <order>')
    .description('Authorise shipped units of an order to come back')
    .requiredOption(
      '--line <lineNo:qty:reason>',
      `an order line, units and reason (${RETURN_REASONS.join(', ')}); repeat per line`,
      collect,
      [],
    )
    .option('--warehouse <code>', 'where they come back to (default: the warehouse that shipped them)')
    .option('--note <text>', 'what the customer said')
    .option('--refund-shipping', "refund the order's shipping too once closed")
    .option('--json', 'print JSON')
    .action(
      async (
        order: string,
        opts: { line: string[]; warehouse?: string; note?: string; refundShipping?: boolean; json?: boolean },
      ) => {
        const lines = opts.line.map((spec) => {
          const [lineNo, qty, reason] = spec.split(':');
          if (!(RETURN_REASONS as readonly string[]).includes(reason ?? '')) {
            throw new CliExit(
              EXIT.usage,
              `--line ${spec}: the reason is one of ${RETURN_REASONS.join(', ')}`,
            );
          }
          return { lineNo: whole(lineNo, 'lineNo'), qty: whole(qty, 'qty'), reason: reason as ReturnReason };
        });
        const r = await withContext((ctx) =>
          authoriseReturn(ctx, {
            order,
            lines,
            warehouse: opts.warehouse,
            note: opts.note,
            refundShipping: opts.refundShipping,
          }),
        );
        if (opts.json) return console.log(JSON.stringify(r.value, null, 2));
        printReturn(r.value);
      },
    );
  returns
    .command('receive <id>')
    .description('Receive returned units into a quarantine location')
    .requiredOption(
      '--line <lineNo:qty>',
      'a return line and the units that arrived; repeat per line',
      collect,
      [],
    )
    .option('--location <code>', "a quarantine location (default: the warehouse's first)")
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { line: string[]; location?: string; json?: boolean }) => {
      const lines = opts.line.map((spec) => {
        const [lineNo, qty] = spec.split(':');
        return { lineNo: whole(lineNo, 'lineNo'), qty: whole(qty, 'qty') };
      });
      const r = await withContext((ctx) => receiveReturn(ctx, id, { lines, location: opts.location }));
      if (opts.json) return console.log(JSON.stringify(r.value, null, 2));
      printReturn(r.value);
    });
  returns
    .command('inspect <id>')
    .description('Grade received units: restock, quarantine or scrap')
    .requiredOption(
      '--unit <lineNo:grade[:qty[:location]]>',
      `units of a return line and their grade (${GRADES.join(', ')}); restock needs a storage location; repeat`,
      collect,
      [],
    )
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { unit: string[]; json?: boolean }) => {
      const units = opts.unit.map((spec) => {
        const [lineNo, grade, qty, ...location] = spec.split(':');
        if (!(GRADES as readonly string[]).includes(grade ?? '')) {
          throw new CliExit(EXIT.usage, `--unit ${spec}: the grade is one of ${GRADES.join(', ')}`);
        }
        return {
          lineNo: whole(lineNo, 'lineNo'),
          grade: grade as Grade,
          qty: qty ? whole(qty, 'qty') : 1,
          ...(location.length > 0 ? { location: location.join(':') } : {}),
        };
      });
      const r = await withContext((ctx) => inspectReturn(ctx, id, { units }));
      if (opts.json) return console.log(JSON.stringify(r.value, null, 2));
      printReturn(r.value);
    });
  returns
    .command('close <id>')
    .description('Receive no more: the units not received are not coming')
    .option('--refund-shipping', "refund the order's shipping too")
    .action(async (id: string, opts: { refundShipping?: boolean }) => {
      const r = await withContext((ctx) => closeReturn(ctx, id, { refundShipping: opts.refundShipping }));
      printReturn(r.value);
    });
  returns
    .command('cancel <id>')
    .description('Cancel a return nothing of which was received')
    .option('--reason <text>')
    .action(async (id: string, opts: { reason?: string }) => {
      const r = await withContext((ctx) => cancelReturn(ctx, id, { reason: opts.reason }));
      printReturn(r.value);
    });
  returns
    .command('list')
    .description('Returns, newest first')
    .option('--order <id>')
    .option('--status <status>', 'authorised, received, closed or cancelled')
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
          listReturns(ctx, {
            order: opts.order,
            status: opts.status,
            warehouse: opts.warehouse,
            limit: Math.min(500, Number(opts.limit) || 50),
          }),
        );
        if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
        printTable(
          page.items.map((r) => ({
            ...r,
            units: r.lines.reduce((n, l) => n + l.qtyAuthorised, 0),
            received: r.lines.reduce((n, l) => n + l.qtyReceived, 0),
            refund: `${formatMinor(r.refundMinor, r.currency)} ${r.currency}`,
            authorisedAt: r.authorisedAt.slice(0, 16).replace('T', ' '),
          })),
          ['number', 'id', 'orderId', 'warehouse', 'status', 'units', 'received', 'refund', 'authorisedAt'],
        );
      },
    );
  returns
    .command('show <id>')
    .description('A return: its lines, what came back and how it was graded')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const r = await withContext((ctx) => getReturn(ctx, id));
      if (opts.json) return console.log(JSON.stringify(r, null, 2));
      printReturn(r);
    });
}
