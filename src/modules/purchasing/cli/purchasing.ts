import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliExit, EXIT, printTable, withContext } from '../../../cli/runtime.js';
import { cancelPurchaseOrder } from '../commands/cancel-purchase-order.js';
import { closePurchaseOrder } from '../commands/close-purchase-order.js';
import { createPurchaseOrder } from '../commands/create-purchase-order.js';
import { createSupplier } from '../commands/create-supplier.js';
import { importPurchaseOrders } from '../commands/import-purchase-orders.js';
import { sendPurchaseOrder } from '../commands/send-purchase-order.js';
import { setSupplierSku } from '../commands/set-supplier-sku.js';
import { updateSupplier } from '../commands/update-supplier.js';
import type { PurchaseOrder } from '../db/purchase-orders.js';
import { getPurchaseOrderEdi, getPurchaseOrderPdf } from '../queries/documents.js';
import { getPurchaseOrder, listIncoming, listPurchaseOrders } from '../queries/purchase-orders.js';
import { listSupplierSkus, listSuppliers } from '../queries/suppliers.js';

const int = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v)) throw new CliExit(EXIT.usage, `${name} must be a whole number; got ${v}.`);
  return Number(v);
};

function printPo(po: PurchaseOrder): void {
  console.log(
    `${po.id}  ${po.number}  ${po.supplier}  → ${po.warehouse}  ${po.status}  expected ${po.expectedAt ?? '-'}  total ${po.totals.orderedMinor} ${po.currency} (minor units)`,
  );
  printTable(
    po.lines.map((l) => ({ ...l, supplierSku: l.supplierSku ?? '' })),
    ['lineNo', 'sku', 'supplierSku', 'qtyOrdered', 'qtyReceived', 'qtyRejected', 'qtyOpen', 'unitCostMinor'],
  );
}

/** `coulisse suppliers …` and `coulisse purchase-orders …`. */
export function registerPurchasingCommands(program: Command): void {
  const suppliers = program.command('suppliers').description('Suppliers and what they sell us');
  suppliers
    .command('list')
    .option('--archived', 'include archived suppliers')
    .option('--json', 'print JSON')
    .action(async (opts: { archived?: boolean; json?: boolean }) => {
      const page = await withContext((ctx) =>
        listSuppliers(ctx, { includeArchived: opts.archived, limit: 500 }),
      );
      if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
      printTable(
        page.items.map((i) => ({ ...i })),
        ['code', 'name', 'currency', 'leadTimeDays', 'paymentTerms', 'isArchived'],
      );
    });
  suppliers
    .command('create <code> <name>')
    .requiredOption('--currency <code>', 'ISO 4217')
    .option('--email <email>')
    .option('--lead-time <days>')
    .option('--terms <terms>', 'payment terms, e.g. NET30')
    .option('--tolerance-bp <bp>', 'over-receipt tolerance in basis points')
    .action(
      async (
        code: string,
        name: string,
        opts: { currency: string; email?: string; leadTime?: string; terms?: string; toleranceBp?: string },
      ) => {
        const s = await withContext((ctx) =>
          createSupplier(ctx, {
            code,
            name,
            currency: opts.currency,
            email: opts.email,
            leadTimeDays: int(opts.leadTime, '--lead-time'),
            paymentTerms: opts.terms,
            overReceiptToleranceBp: int(opts.toleranceBp, '--tolerance-bp'),
          }),
        );
        console.log(`${s.value.id}  ${s.value.code}`);
      },
    );
  suppliers.command('archive <code>').action(async (code: string) => {
    await withContext((ctx) => updateSupplier(ctx, code, { isArchived: true }));
    console.log(`archived ${code}`);
  });
  suppliers
    .command('set-sku <code> <sku>')
    .description("Set the supplier's terms for a SKU")
    .requiredOption('--cost-minor <n>', 'unit cost in minor units')
    .option('--supplier-sku <code>')
    .option('--pack <n>', 'pack size')
    .option('--moq <n>', 'minimum order quantity')
    .action(
      async (
        code: string,
        sku: string,
        opts: { costMinor: string; supplierSku?: string; pack?: string; moq?: string },
      ) => {
        const out = await withContext((ctx) =>
          setSupplierSku(ctx, code, sku, {
            costMinor: int(opts.costMinor, '--cost-minor')!,
            supplierSku: opts.supplierSku,
            packSize: int(opts.pack, '--pack'),
            minOrderQty: int(opts.moq, '--moq'),
          }),
        );
        console.log(JSON.stringify(out.value));
      },
    );
  suppliers
    .command('skus <code>')
    .option('--json', 'print JSON')
    .action(async (code: string, opts: { json?: boolean }) => {
      const out = await withContext((ctx) => listSupplierSkus(ctx, code));
      if (opts.json) return console.log(JSON.stringify(out.items, null, 2));
      printTable(
        out.items.map((i) => ({ ...i, supplierSku: i.supplierSku ?? '' })),
        ['sku', 'supplierSku', 'costMinor', 'currency', 'packSize', 'minOrderQty'],
      );
    });

  const pos = program.command('purchase-orders').description('Purchase orders to suppliers');
  pos
    .command('list')
    .option('--supplier <code>')
    .option('--warehouse <code>')
    .option('--status <status>')
    .option('--sku <code>')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        supplier?: string;
        warehouse?: string;
        status?: string;
        sku?: string;
        limit: string;
        json?: boolean;
      }) => {
        const page = await withContext((ctx) =>
          listPurchaseOrders(ctx, { ...opts, limit: Math.min(500, Number(opts.limit) || 50) }),
        );
        if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
        printTable(
          page.items.map((p) => ({ ...p, open: p.totals.qtyOpen, totalMinor: p.totals.orderedMinor })),
          ['id', 'number', 'supplier', 'warehouse', 'status', 'expectedAt', 'open', 'totalMinor', 'currency'],
        );
      },
    );
  pos
    .command('show <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const po = await withContext((ctx) => getPurchaseOrder(ctx, id));
      if (opts.json) return console.log(JSON.stringify(po, null, 2));
      printPo(po);
    });
  pos
    .command('create')
    .description('Create a draft: --line SKU:QTY[:UNIT_COST_MINOR] (repeatable)')
    .requiredOption('--supplier <code>')
    .requiredOption('--warehouse <code>')
    .option('--expected <date>', 'YYYY-MM-DD')
    .option('--line <sku:qty[:cost]>', 'a line', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (opts: { supplier: string; warehouse: string; expected?: string; line: string[] }) => {
      if (opts.line.length === 0) throw new CliExit(EXIT.usage, 'Give at least one --line SKU:QTY.');
      const lines = opts.line.map((l) => {
        const [sku, qty, cost] = l.split(':');
        if (!sku || !qty)
          throw new CliExit(EXIT.usage, `--line ${l}: write SKU:QTY or SKU:QTY:UNIT_COST_MINOR.`);
        return { sku, qty: int(qty, 'qty')!, ...(cost ? { unitCostMinor: int(cost, 'cost')! } : {}) };
      });
      const po = await withContext((ctx) =>
        createPurchaseOrder(ctx, {
          supplier: opts.supplier,
          warehouse: opts.warehouse,
          expectedAt: opts.expected,
          lines,
        }),
      );
      printPo(po.value);
    });
  for (const [verb, run] of [
    ['send', (ctx: Parameters<typeof sendPurchaseOrder>[0], id: string) => sendPurchaseOrder(ctx, id)],
    ['cancel', (ctx: Parameters<typeof sendPurchaseOrder>[0], id: string) => cancelPurchaseOrder(ctx, id)],
    ['close', (ctx: Parameters<typeof sendPurchaseOrder>[0], id: string) => closePurchaseOrder(ctx, id)],
  ] as const) {
    pos.command(`${verb} <id>`).action(async (id: string) => {
      const po = await withContext((ctx) => run(ctx, id));
      printPo(po.value);
    });
  }
  pos
    .command('import <file>')
    .description('Import the 850s of an X12 file as draft purchase orders')
    .option('--warehouse <code>')
    .option('--supplier <code>')
    .action(async (file: string, opts: { warehouse?: string; supplier?: string }) => {
      const out = await withContext((ctx) => importPurchaseOrders(ctx, readFileSync(file, 'utf8'), opts));
      for (const i of out.value.items) {
        console.log(
          `${i.created ? 'created' : 'exists '}  ${i.purchaseOrder.number}  ${i.purchaseOrder.externalRef ?? ''}`,
        );
      }
      for (const w of out.value.warnings) console.error(`warning: ${w.externalRef}: ${w.message}`);
    });
  pos
    .command('export <id>')
    .description('Print the purchase order as an X12 850 (or write it with --out)')
    .option('--out <file>')
    .action(async (id: string, opts: { out?: string }) => {
      const doc = await withContext((ctx) => getPurchaseOrderEdi(ctx, id));
      if (opts.out) writeFileSync(opts.out, doc.body);
      else process.stdout.write(doc.body);
    });
  pos
    .command('pdf <id>')
    .requiredOption('--out <file>')
    .action(async (id: string, opts: { out: string }) => {
      const doc = await withContext((ctx) => getPurchaseOrderPdf(ctx, id));
      writeFileSync(opts.out, doc.body);
      console.log(`wrote ${opts.out}`);
    });
  pos
    .command('incoming')
    .description('Units on order per SKU and warehouse')
    .option('--sku <code>')
    .option('--warehouse <code>')
    .action(async (opts: { sku?: string; warehouse?: string }) => {
      const out = await withContext((ctx) => listIncoming(ctx, opts));
      printTable(
        out.items.map((i) => ({ ...i })),
        ['sku', 'warehouse', 'qtyOnOrder', 'nextExpectedAt', 'purchaseOrders'],
      );
    });
}
