import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliExit, EXIT, printTable, withContext } from '../../../cli/runtime.js';
import { decideReceiptQc, type QcLineDecision } from '../commands/decide-receipt-qc.js';
import { importAsn } from '../commands/import-asn.js';
import { receiveAsn } from '../commands/receive-asn.js';
import { receiveBlind } from '../commands/receive-blind.js';
import { receivePurchaseOrder } from '../commands/receive-purchase-order.js';
import type { Asn, Receipt } from '../db/receipts.js';
import { getAsn, getReceipt, listReceipts } from '../queries/receipts.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `KEY:N` pairs (`1:10`, `SKU-1:4`); the key before the last colon. */
function pairs(values: readonly string[], option: string): { key: string; n: number }[] {
  return values.map((v) => {
    const i = v.lastIndexOf(':');
    const n = Number(v.slice(i + 1));
    if (i <= 0 || !Number.isInteger(n) || n < 0)
      throw new CliExit(EXIT.usage, `${option} takes KEY:QTY (e.g. 1:10), not "${v}".`);
    return { key: v.slice(0, i), n };
  });
}

const asLineNo = (key: string, option: string) => {
  const n = Number(key);
  if (!Number.isInteger(n) || n < 1)
    throw new CliExit(EXIT.usage, `${option}: "${key}" is not a line number.`);
  return n;
};

function printReceipt(r: Receipt & { purchaseOrderStatus?: string | null }): void {
  console.log(
    `${r.number} (${r.id})  ${r.warehouse}${r.purchaseOrderNumber ? `  PO ${r.purchaseOrderNumber}` : '  blind'}${
      r.purchaseOrderStatus ? ` → ${r.purchaseOrderStatus}` : ''
    }  QC ${r.qcStatus}`,
  );
  printTable(
    r.lines.map((l) => ({
      line: l.lineNo,
      poLine: l.poLineNo ?? '',
      sku: l.sku,
      qty: l.qty,
      damaged: l.qtyDamaged || '',
      location: l.location,
      discrepancy: l.discrepancy === 'none' ? '' : l.discrepancy,
      qc:
        l.qcStatus === 'not_required'
          ? ''
          : `${l.qcStatus} ${l.qtyQc}${l.qcLocation ? ` @ ${l.qcLocation}` : ''}`,
    })),
    ['line', 'poLine', 'sku', 'qty', 'damaged', 'location', 'discrepancy', 'qc'],
  );
}

function printAsn(a: Asn & { created?: boolean }): void {
  console.log(
    `ASN ${a.reference} (${a.id})  ${a.supplier ?? ''}  ${a.status}${a.created === false ? '  (already imported)' : ''}`,
  );
  printTable(
    a.lines.map((l) => ({
      line: l.lineNo,
      po: l.purchaseOrderNumber,
      poLine: l.poLineNo,
      sku: l.sku,
      qty: l.qty,
      received: l.qtyReceived,
      sscc: l.sscc ?? '',
    })),
    ['line', 'po', 'poLine', 'sku', 'qty', 'received', 'sscc'],
  );
  for (const w of a.warnings) console.log(`warning: ${w.message}`);
}

export function registerReceivingCommands(program: Command): void {
  const receipts = program
    .command('receipts')
    .description('Goods receipts: against purchase orders, blind, QC');
  receipts
    .command('receive <po>')
    .description('Receive goods against a purchase order (id)')
    .option('--line <lineNo:qty>', 'good units of a PO line (repeat)', collect, [])
    .option('--sku <sku:qty>', 'good units of a SKU (its first open line; repeat)', collect, [])
    .option('--damaged <lineNo:qty>', 'damaged units of a PO line, to quarantine (repeat)', collect, [])
    .option('--location <code>', 'the dock (or with --qc the quarantine area)')
    .option('--qc', 'every good unit goes to quarantine for QC')
    .option('--accept-unexpected', 'receive SKUs not on the order into quarantine')
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action(
      async (
        po: string,
        opts: {
          line: string[];
          sku: string[];
          damaged: string[];
          location?: string;
          qc?: boolean;
          acceptUnexpected?: boolean;
          note?: string;
          json?: boolean;
        },
      ) => {
        const damaged = new Map(
          pairs(opts.damaged, '--damaged').map((p) => [asLineNo(p.key, '--damaged'), p.n]),
        );
        const lines: { lineNo?: number; sku?: string; qty: number; damaged?: number }[] = [
          ...pairs(opts.line, '--line').map((p) => {
            const lineNo = asLineNo(p.key, '--line');
            const d = damaged.get(lineNo);
            damaged.delete(lineNo);
            return { lineNo, qty: p.n, ...(d === undefined ? {} : { damaged: d }) };
          }),
          ...[...damaged].map(([lineNo, d]) => ({ lineNo, qty: 0, damaged: d })),
          ...pairs(opts.sku, '--sku').map((p) => ({ sku: p.key, qty: p.n })),
        ];
        if (lines.length === 0)
          throw new CliExit(EXIT.usage, 'Give at least one --line, --sku or --damaged.');
        const out = await withContext((ctx) =>
          receivePurchaseOrder(ctx, po, {
            lines,
            location: opts.location,
            qc: opts.qc,
            acceptUnexpected: opts.acceptUnexpected,
            note: opts.note,
          }),
        );
        if (opts.json) return console.log(JSON.stringify(out.value, null, 2));
        printReceipt(out.value);
      },
    );
  receipts
    .command('blind <warehouse>')
    .description('Receive goods without a purchase order')
    .option('--sku <sku:qty>', 'good units (repeat)', collect, [])
    .option('--damaged <sku:qty>', 'damaged units, to quarantine (repeat)', collect, [])
    .option('--location <code>')
    .option('--supplier <code>')
    .option('--qc', 'every good unit goes to quarantine for QC')
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action(
      async (
        warehouse: string,
        opts: {
          sku: string[];
          damaged: string[];
          location?: string;
          supplier?: string;
          qc?: boolean;
          note?: string;
          json?: boolean;
        },
      ) => {
        const bySku = new Map<string, { sku: string; qty: number; damaged: number }>();
        for (const p of pairs(opts.sku, '--sku'))
          bySku.set(p.key, { sku: p.key, qty: (bySku.get(p.key)?.qty ?? 0) + p.n, damaged: 0 });
        for (const p of pairs(opts.damaged, '--damaged')) {
          const l = bySku.get(p.key) ?? { sku: p.key, qty: 0, damaged: 0 };
          bySku.set(p.key, { ...l, damaged: l.damaged + p.n });
        }
        if (bySku.size === 0) throw new CliExit(EXIT.usage, 'Give at least one --sku or --damaged.');
        const out = await withContext((ctx) =>
          receiveBlind(ctx, {
            warehouse,
            lines: [...bySku.values()],
            location: opts.location,
            supplier: opts.supplier,
            qc: opts.qc,
            note: opts.note,
          }),
        );
        if (opts.json) return console.log(JSON.stringify(out.value, null, 2));
        printReceipt(out.value);
      },
    );
  receipts
    .command('qc <id>')
    .description('Decide QC on quarantined receipt lines')
    .option('--accept <lineNo:qty>', 'accepted units (repeat)', collect, [])
    .option('--reject <lineNo:qty>', 'rejected units (repeat)', collect, [])
    .option('--reject-to <where>', 'supplier (default) or scrap')
    .option('--to-location <code>', 'where accepted units go (default the dock)')
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        opts: {
          accept: string[];
          reject: string[];
          rejectTo?: string;
          toLocation?: string;
          note?: string;
          json?: boolean;
        },
      ) => {
        if (opts.rejectTo !== undefined && opts.rejectTo !== 'supplier' && opts.rejectTo !== 'scrap')
          throw new CliExit(EXIT.usage, '--reject-to is supplier or scrap.');
        const lines = new Map<number, QcLineDecision>();
        const line = (n: number) => lines.get(n) ?? { lineNo: n, accept: 0, reject: 0 };
        for (const p of pairs(opts.accept, '--accept')) {
          const n = asLineNo(p.key, '--accept');
          lines.set(n, { ...line(n), accept: line(n).accept + p.n });
        }
        for (const p of pairs(opts.reject, '--reject')) {
          const n = asLineNo(p.key, '--reject');
          lines.set(n, { ...line(n), reject: line(n).reject + p.n });
        }
        if (lines.size === 0) throw new CliExit(EXIT.usage, 'Give at least one --accept or --reject.');
        const decisions = [...lines.values()].map((l) => ({
          ...l,
          ...(opts.rejectTo ? { rejectTo: opts.rejectTo as 'supplier' | 'scrap' } : {}),
          ...(opts.toLocation ? { toLocation: opts.toLocation } : {}),
        }));
        const out = await withContext((ctx) =>
          decideReceiptQc(ctx, id, { lines: decisions, note: opts.note }),
        );
        if (opts.json) return console.log(JSON.stringify(out.value, null, 2));
        printReceipt(out.value);
      },
    );
  receipts
    .command('show <id>')
    .description('Show a receipt')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const r = await withContext((ctx) => getReceipt(ctx, id));
      if (opts.json) return console.log(JSON.stringify(r, null, 2));
      printReceipt(r);
    });
  receipts
    .command('list')
    .description('List receipts, most recent first')
    .option('--po <id>')
    .option('--warehouse <code>')
    .option('--qc-status <status>')
    .option('--since <date>')
    .option('--limit <n>', 'page size', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        po?: string;
        warehouse?: string;
        qcStatus?: string;
        since?: string;
        limit: string;
        json?: boolean;
      }) => {
        const page = await withContext((ctx) =>
          listReceipts(ctx, {
            po: opts.po,
            warehouse: opts.warehouse,
            qcStatus: opts.qcStatus as 'pending' | undefined,
            since: opts.since,
            limit: Number(opts.limit),
          }),
        );
        if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
        printTable(
          page.items.map((r) => ({
            number: r.number,
            id: r.id,
            warehouse: r.warehouse,
            po: r.purchaseOrderNumber ?? 'blind',
            receivedAt: r.receivedAt,
            lines: r.lines.length,
            qc: r.qcStatus,
          })),
          ['number', 'id', 'warehouse', 'po', 'receivedAt', 'lines', 'qc'],
        );
      },
    );

  const asns = program.command('asns').description('Advance ship notices (X12 856)');
  asns
    .command('import <file>')
    .description('Import an X12 856 ship notice')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const text = readFileSync(file, 'utf8');
      const out = await withContext((ctx) => importAsn(ctx, text));
      if (opts.json) return console.log(JSON.stringify(out.value, null, 2));
      printAsn(out.value);
    });
  asns
    .command('receive <id>')
    .description('Receive what a ship notice lists (override per ASN line with --line and --damaged)')
    .option('--line <lineNo:qty>', 'good units that arrived on an ASN line (repeat)', collect, [])
    .option('--damaged <lineNo:qty>', 'damaged units on an ASN line (repeat)', collect, [])
    .option('--location <code>')
    .option('--qc', 'every good unit goes to quarantine for QC')
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        opts: {
          line: string[];
          damaged: string[];
          location?: string;
          qc?: boolean;
          note?: string;
          json?: boolean;
        },
      ) => {
        const damaged = new Map(
          pairs(opts.damaged, '--damaged').map((p) => [asLineNo(p.key, '--damaged'), p.n]),
        );
        const lines = pairs(opts.line, '--line').map((p) => {
          const lineNo = asLineNo(p.key, '--line');
          const d = damaged.get(lineNo);
          return { lineNo, qty: p.n, ...(d === undefined ? {} : { damaged: d }) };
        });
        for (const [lineNo] of damaged)
          if (!lines.some((l) => l.lineNo === lineNo))
            throw new CliExit(
              EXIT.usage,
              `--damaged ${lineNo}: also say with --line ${lineNo}:N how many good units came.`,
            );
        const out = await withContext((ctx) =>
          receiveAsn(ctx, id, {
            ...(lines.length > 0 ? { lines } : {}),
            location: opts.location,
            qc: opts.qc,
            note: opts.note,
          }),
        );
        if (opts.json) return console.log(JSON.stringify(out.value, null, 2));
        for (const r of out.value.receipts) printReceipt(r);
      },
    );
  asns
    .command('show <id>')
    .description('Show a ship notice')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const a = await withContext((ctx) => getAsn(ctx, id));
      if (opts.json) return console.log(JSON.stringify(a, null, 2));
      printAsn(a);
    });
}
