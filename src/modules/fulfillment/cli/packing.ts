import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliExit, EXIT, printTable, withContext } from '../../../cli/runtime.js';
import { packItem } from '../commands/pack-item.js';
import { type PackParcelInput, packShipment } from '../commands/pack-shipment.js';
import { setCarrier } from '../commands/set-carrier.js';
import { setShippingProfile } from '../commands/set-shipping-profile.js';
import type { PackProgress } from '../queries/packing.js';
import { listCarriers } from '../queries/packing.js';
import { getPackingSlip, getShipmentLabels } from '../queries/shipment-documents.js';

/** The named subcommand group, created when no other module made it yet. */
function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

const collect = (value: string, previous: string[]) => [...previous, value];

const INT_FIELDS: Record<string, 'weightGrams' | 'lengthMm' | 'widthMm' | 'heightMm' | 'parcelNo'> = {
  weight: 'weightGrams',
  length: 'lengthMm',
  width: 'widthMm',
  height: 'heightMm',
  no: 'parcelNo',
};

/** `weight=1200,carton=BOX-S,items=SKU-1:2+SKU-2:1` → a parcel of the pack command. */
export function parseParcelOption(text: string): PackParcelInput {
  const parcel: PackParcelInput = { weightGrams: 0 };
  for (const part of text.split(',')) {
    const [key, value] = part.split('=', 2).map((s) => s.trim());
    if (!key || value === undefined) throw new CliExit(EXIT.usage, `--parcel: "${part}" is not key=value`);
    const field = INT_FIELDS[key];
    if (field) {
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n <= 0)
        throw new CliExit(EXIT.usage, `--parcel: ${key} must be a positive integer`);
      parcel[field] = n;
    } else if (key === 'carton') {
      parcel.cartonType = value;
    } else if (key === 'items') {
      parcel.items = value.split('+').map((item) => {
        const [sku, qty] = item.split(':');
        return { sku: sku!, qty: Number(qty ?? 1) };
      });
    } else {
      throw new CliExit(
        EXIT.usage,
        `--parcel: unknown key ${key} (weight, carton, length, width, height, no, items)`,
      );
    }
  }
  if (parcel.weightGrams === 0) throw new CliExit(EXIT.usage, '--parcel needs weight=<grams>');
  return parcel;
}

function printProgress(p: PackProgress): void {
  console.log(
    `${p.shipment}  ${p.status}${p.complete ? '  complete' : ''}${p.station ? `  station ${p.station}` : ''}`,
  );
  printTable(
    p.items.map((i) => ({ ...i, left: i.required - i.scanned })),
    ['sku', 'name', 'required', 'scanned', 'left'],
  );
}

export function registerPackingCommands(program: Command): void {
  const shipments = group(program, 'shipments', 'Shipments: units of an order leaving a warehouse');
  shipments
    .command('scan <id> <code>')
    .description('Scan an item into a parcel at a pack station (SKU code, GTIN or GS1 element string)')
    .option('--qty <n>', 'units this scan stands for', '1')
    .option('--parcel <n>', 'parcel number', '1')
    .option('--station <name>')
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        code: string,
        opts: { qty: string; parcel: string; station?: string; json?: boolean },
      ) => {
        const r = await withContext((ctx) =>
          packItem(ctx, id, {
            code,
            qty: Number(opts.qty),
            parcel: Number(opts.parcel),
            station: opts.station,
          }),
        );
        if (opts.json) return console.log(JSON.stringify(r.value, null, 2));
        printProgress(r.value);
      },
    );
  shipments
    .command('pack <id>')
    .description('Close the packing: --parcel weight=1200,carton=BOX-S[,items=SKU:2+SKU2:1] per parcel')
    .option('--parcel <spec>', 'a parcel (repeat for several)', collect, [])
    .option('--station <name>')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { parcel: string[]; station?: string; json?: boolean }) => {
      if (opts.parcel.length === 0)
        throw new CliExit(EXIT.usage, 'Give at least one --parcel weight=<grams>');
      const parcels = opts.parcel.map(parseParcelOption);
      const r = await withContext((ctx) => packShipment(ctx, id, { parcels, station: opts.station }));
      if (opts.json) return console.log(JSON.stringify(r.value, null, 2));
      console.log(`${r.value.id}  ${r.value.status}`);
      printTable(
        r.value.parcels.map((p) => ({ ...p, items: p.items.map((i) => `${i.qty} × ${i.sku}`).join(', ') })),
        ['parcelNo', 'sscc', 'cartonType', 'weightGrams', 'items'],
      );
    });
  shipments
    .command('label <id>')
    .description('Write the parcel labels of a packed shipment')
    .option('--format <format>', 'pdf or zpl', 'pdf')
    .requiredOption('--out <file>')
    .action(async (id: string, opts: { format: string; out: string }) => {
      if (opts.format !== 'pdf' && opts.format !== 'zpl')
        throw new CliExit(EXIT.usage, '--format is pdf or zpl');
      const format = opts.format;
      const doc = await withContext((ctx) => getShipmentLabels(ctx, id, format));
      writeFileSync(opts.out, doc.body);
      console.log(`Wrote ${opts.out}`);
    });
  shipments
    .command('packing-slip <id>')
    .description('Write the packing slip of a shipment (PDF)')
    .requiredOption('--out <file>')
    .action(async (id: string, opts: { out: string }) => {
      const doc = await withContext((ctx) => getPackingSlip(ctx, id));
      writeFileSync(opts.out, doc.body);
      console.log(`Wrote ${opts.out}`);
    });

  const carriers = group(program, 'carriers', 'Carriers and their rate tables');
  carriers
    .command('list')
    .description('Carriers and their services')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { items } = await withContext((ctx) => listCarriers(ctx));
      if (opts.json) return console.log(JSON.stringify(items, null, 2));
      printTable(
        items.map((c) => ({ ...c, services: c.services.map((s) => s.code).join(', ') })),
        ['code', 'name', 'kind', 'services'],
      );
    });
  carriers
    .command('set <code>')
    .description('Create or replace a rate-table carrier from a JSON rate table file')
    .requiredOption('--name <name>')
    .requiredOption(
      '--rate-table <file>',
      'JSON: { currency, services: [{ code, name, bands: [{ maxWeightGrams, priceMinor }] }], volumetricDivisor? }',
    )
    .action(async (code: string, opts: { name: string; rateTable: string }) => {
      const rateTable = JSON.parse(readFileSync(opts.rateTable, 'utf8'));
      const r = await withContext((ctx) => setCarrier(ctx, code, { name: opts.name, rateTable }));
      console.log(`${r.value.code}  ${r.value.name}  ${r.value.services.map((s) => s.code).join(', ')}`);
    });

  const warehouses = group(program, 'warehouses', 'Warehouse settings');
  warehouses
    .command('shipping-profile <code>')
    .description("Set a warehouse's ship-from address and GS1 company prefix (SSCCs of its parcels)")
    .requiredOption('--name <name>', 'ship-from name')
    .option('--company <company>')
    .requiredOption('--line1 <line>')
    .option('--line2 <line>')
    .requiredOption('--city <city>')
    .option('--region <region>')
    .option('--postal-code <code>')
    .requiredOption('--country <cc>', 'ISO 3166-1 alpha-2')
    .option('--phone <phone>')
    .requiredOption('--gs1-prefix <digits>', 'GS1 company prefix, 7 to 10 digits')
    .option('--extension-digit <d>', 'SSCC extension digit 0-9', '0')
    .action(
      async (
        code: string,
        opts: {
          name: string;
          company?: string;
          line1: string;
          line2?: string;
          city: string;
          region?: string;
          postalCode?: string;
          country: string;
          phone?: string;
          gs1Prefix: string;
          extensionDigit: string;
        },
      ) => {
        if (!/^[0-9]{7,10}$/.test(opts.gs1Prefix))
          throw new CliExit(EXIT.usage, '--gs1-prefix must be 7 to 10 digits');
        const digit = Number(opts.extensionDigit);
        if (!Number.isInteger(digit) || digit < 0 || digit > 9)
          throw new CliExit(EXIT.usage, '--extension-digit is 0-9');
        const address = {
          name: opts.name,
          line1: opts.line1,
          city: opts.city,
          country: opts.country.toUpperCase(),
          ...(opts.company ? { company: opts.company } : {}),
          ...(opts.line2 ? { line2: opts.line2 } : {}),
          ...(opts.region ? { region: opts.region } : {}),
          ...(opts.postalCode ? { postalCode: opts.postalCode } : {}),
          ...(opts.phone ? { phone: opts.phone } : {}),
        };
        const r = await withContext((ctx) =>
          setShippingProfile(ctx, code, {
            address,
            gs1CompanyPrefix: opts.gs1Prefix,
            ssccExtensionDigit: digit,
          }),
        );
        console.log(
          `${r.value.warehouse}  prefix ${r.value.gs1CompanyPrefix}  next serial ${r.value.nextSsccSerial}`,
        );
      },
    );
}
