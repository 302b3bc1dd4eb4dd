import { type Context, type Db, systemContext } from '../db/index.js';
import { systemActor } from '../kernel/actor.js';
import { systemClock } from '../kernel/clock.js';
import { isDomainError } from '../kernel/errors.js';
import { withCheckDigit } from '../kernel/gtin.js';
import { createSku } from '../modules/catalog/index.js';
// The packing setup commands and the bin layout command are not (yet) on their modules' index.ts; the demo
// is outside the modules and calls them directly, through the same transactions and checks as the API.
import { setCarrier } from '../modules/fulfillment/commands/set-carrier.js';
import { setCartonType } from '../modules/fulfillment/commands/set-carton-type.js';
import { setShippingProfile } from '../modules/fulfillment/commands/set-shipping-profile.js';
import { createShipment, deliverShipment, shipShipment } from '../modules/fulfillment/index.js';
import { updateLocationLayout } from '../modules/inventory/commands/update-location-layout.js';
import {
  adjustStock,
  countStock,
  createLocation,
  postReservation,
  receiveStock,
  receiveTransfer,
  reserveStock,
  scrapStock,
  setReorderPoints,
  transferStock,
  voidReservation,
} from '../modules/inventory/index.js';
import { createChannel, createHoldRule, createOrder } from '../modules/orders/index.js';
import { seedInbound } from './seed-inbound.js';

/**
 * Seeds a realistic small shop through the real commands (so every invariant applies): ~200 SKUs in
 * product families with valid GTIN-13s, two warehouses with zones and bins, two months of receipts,
 * transfers, shrinkage, counts, scrap and orders (reservations posted, voided and still open).
 * Deterministic: the same seed gives the same shop.
 */
export interface DemoReport {
  skus: number;
  locations: number;
  moves: number;
  reservations: number;
}

interface Family {
  code: string;
  name: string;
  axes: string[][];
  qty: [number, number];
}

const FAMILIES: Family[] = [
  {
    code: 'KEY',
    name: 'Leather Key Ring',
    axes: [['TAN', 'BLK', 'BRN', 'NVY', 'RED', 'OLV']],
    qty: [20, 120],
  },
  {
    code: 'TSH',
    name: 'Organic Cotton T-Shirt',
    axes: [
      ['BLK', 'WHT', 'NVY', 'OLV', 'SND'],
      ['XS', 'S', 'M', 'L', 'XL'],
    ],
    qty: [30, 160],
  },
  {
    code: 'HOD',
    name: 'Fleece Hoodie',
    axes: [
      ['BLK', 'GRY', 'NVY', 'BRG'],
      ['S', 'M', 'L', 'XL'],
    ],
    qty: [20, 90],
  },
  {
    code: 'SCK',
    name: 'Merino Socks',
    axes: [
      ['BLK', 'GRY', 'RED', 'MUS'],
      ['35-38', '39-42', '43-46'],
    ],
    qty: [50, 240],
  },
  { code: 'CAP', name: 'Canvas Cap', axes: [['BLK', 'KHK', 'NVY', 'RST', 'CRM']], qty: [20, 80] },
  {
    code: 'MUG',
    name: 'Stoneware Mug 350 ml',
    axes: [['WHT', 'BLU', 'GRN', 'SND', 'CHR', 'TRC']],
    qty: [24, 144],
  },
  {
    code: 'CND',
    name: 'Soy Candle',
    axes: [
      ['FIG', 'CED', 'LAV', 'AMB', 'TEA', 'ORB', 'SAG', 'VET'],
      ['180G', '320G'],
    ],
    qty: [24, 120],
  },
  {
    code: 'NTB',
    name: 'Dot-Grid Notebook A5',
    axes: [
      ['BLK', 'RED', 'GRN', 'YLW', 'BLU', 'PNK'],
      ['DOT', 'LIN'],
    ],
    qty: [40, 200],
  },
  {
    code: 'TEA',
    name: 'Loose-Leaf Tea 100 g',
    axes: [['EARL', 'SENC', 'ROOI', 'MINT', 'CHAI', 'JASM', 'DARJ', 'ASSM', 'GEN', 'HIBI']],
    qty: [30, 150],
  },
  {
    code: 'SOAP',
    name: 'Cold-Process Soap Bar',
    axes: [['OAT', 'LAV', 'CHA', 'ROS', 'TEA', 'CED', 'MNT', 'HON']],
    qty: [40, 220],
  },
  {
    code: 'TOTE',
    name: 'Heavy Canvas Tote',
    axes: [
      ['NAT', 'BLK', 'OLV', 'RST'],
      ['STD', 'XL'],
    ],
    qty: [20, 100],
  },
  {
    code: 'BOT',
    name: 'Insulated Bottle 500 ml',
    axes: [['BLK', 'WHT', 'SAG', 'SKY', 'CLY', 'SUN']],
    qty: [24, 96],
  },
  {
    code: 'BNE',
    name: 'Rib-Knit Beanie',
    axes: [['BLK', 'GRY', 'MUS', 'FOR', 'OAT', 'RST']],
    qty: [20, 110],
  },
  {
    code: 'PLT',
    name: 'Ceramic Plant Pot',
    axes: [
      ['WHT', 'TRC', 'SND'],
      ['S', 'M', 'L'],
    ],
    qty: [10, 60],
  },
  { code: 'SCF', name: 'Wool Scarf', axes: [['GRY', 'CML', 'NVY', 'BRG', 'FOR']], qty: [15, 70] },
  { code: 'APR', name: 'Linen Apron', axes: [['NAT', 'CHR', 'TRC', 'SAG']], qty: [12, 60] },
  {
    code: 'JRN',
    name: 'Leather Journal',
    axes: [
      ['TAN', 'BLK', 'BRN'],
      ['A5', 'A6'],
    ],
    qty: [10, 50],
  },
  { code: 'PEN', name: 'Brass Pen', axes: [['RAW', 'BLK', 'SLV']], qty: [30, 150] },
  {
    code: 'CRD',
    name: 'Greeting Card',
    axes: [['BDAY', 'THNX', 'LOVE', 'CONG', 'SYMP', 'BLNK', 'XMAS', 'NEWY', 'BABY', 'WED', 'GRAD', 'HELO']],
    qty: [50, 300],
  },
  {
    code: 'SPK',
    name: 'Spice Blend Tin',
    axes: [['RAS', 'ZAA', 'HAR', 'CUR', 'HER', 'GAR', 'DUK', 'BER', 'CAJ', 'QUA', 'SMO', 'CIN']],
    qty: [24, 140],
  },
  {
    code: 'PST',
    name: 'Art Print A3',
    axes: [['CITY', 'SEA', 'FERN', 'MOON', 'DUNE', 'MAP', 'BIRD', 'TIDE']],
    qty: [10, 60],
  },
  {
    code: 'CHO',
    name: 'Dark Chocolate Bar 70%',
    axes: [['PLAIN', 'SALT', 'ORNG', 'MINT', 'CHLI', 'ALMD', 'HAZL', 'COFF', 'RASP', 'GING']],
    qty: [48, 300],
  },
];

const COLOR_NAMES: Record<string, string> = {
  BLK: 'Black',
  WHT: 'White',
  NVY: 'Navy',
  OLV: 'Olive',
  SND: 'Sand',
  GRY: 'Grey',
  BRG: 'Burgundy',
  RED: 'Red',
  MUS: 'Mustard',
  KHK: 'Khaki',
  RST: 'Rust',
  CRM: 'Cream',
  BLU: 'Blue',
  GRN: 'Green',
  CHR: 'Charcoal',
  TRC: 'Terracotta',
  NAT: 'Natural',
  SAG: 'Sage',
  SKY: 'Sky',
  CLY: 'Clay',
  SUN: 'Sun',
  FOR: 'Forest',
  OAT: 'Oat',
  CML: 'Camel',
  TAN: 'Tan',
  BRN: 'Brown',
  RAW: 'Raw',
  SLV: 'Silver',
  YLW: 'Yellow',
  PNK: 'Pink',
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs a stock operation that may find too little stock left (after shrinkage): a real shop skips it too. */
async function unlessShort(op: () => Promise<unknown>): Promise<void> {
  try {
    await op();
  } catch (e) {
    if (!isDomainError(e) || e.code !== 'insufficient_stock') throw e;
  }
}

function combos(axes: string[][]): string[][] {
  return axes.reduce<string[][]>(
    (acc, axis) => acc.flatMap((prefix) => axis.map((v) => [...prefix, v])),
    [[]],
  );
}

export async function seedDemo(
  db: Db,
  options: { seed?: number; skuCount?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<DemoReport> {
  const rand = mulberry32(options.seed ?? 2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const ctx: Context = systemContext(db, systemActor('demo'), systemClock);
  const now = Date.now();
  const daysAgo = (d: number) => new Date(now - d * 86_400_000 - between(0, 8 * 3600) * 1000).toISOString();

  // Locations ------------------------------------------------------------------------------------------
  const bins: Record<'PAR' | 'LYO', string[]> = { PAR: [], LYO: [] };
  let locations = 0;
  await createLocation(ctx, {
    code: 'PAR',
    name: 'Paris — Saint-Ouen',
    kind: 'warehouse',
    country: 'FR',
    region: 'Île-de-France',
  });
  await createLocation(ctx, {
    code: 'LYO',
    name: 'Lyon — Vénissieux',
    kind: 'warehouse',
    country: 'FR',
    region: 'Auvergne-Rhône-Alpes',
  });
  locations += 14;
  await createLocation(ctx, { code: 'DOCK', name: 'Receiving dock', kind: 'bin', parent: 'PAR' });
  locations++;
  for (const [wh, zones, aisles, levels] of [
    ['PAR', ['A', 'B', 'C'], 4, 3],
    ['LYO', ['R', 'S'], 3, 2],
  ] as const) {
    for (const zone of zones) {
      await createLocation(ctx, { code: zone, name: `Zone ${zone}`, kind: 'zone', parent: wh });
      locations++;
      for (let aisle = 1; aisle <= aisles; aisle++) {
        for (let level = 1; level <= levels; level++) {
          const code = `${zone}-${String(aisle).padStart(2, '0')}-${String(level).padStart(2, '0')}`;
          await createLocation(ctx, { code, kind: 'bin', parent: `${wh}/${zone}` });
          bins[wh].push(`${wh}/${code}`);
          locations++;
        }
      }
    }
  }

  await layOutBins(ctx);

  // SKUs -----------------------------------------------------------------------------------------------
  const skuCount = options.skuCount ?? 200;
  const skus: { code: string; qty: [number, number] }[] = [];
  let itemRef = 1;
  outer: for (let round = 0; ; round++) {
    for (const family of FAMILIES) {
      const variants = combos(family.axes);
      const variant = variants[round];
      if (!variant) continue;
      if (skus.length >= skuCount) break outer;
      const code = [family.code, ...variant].join('-');
      const label = variant.map((v) => COLOR_NAMES[v] ?? v).join(' / ');
      // 376 is in GS1 France's range; 0123 stands for a fictitious company prefix.
      const gtin = withCheckDigit(`3760123${String(itemRef++).padStart(5, '0')}`);
      await createSku(ctx, { code, name: `${family.name} — ${label}`, gtin, unit: 'each' });
      skus.push({ code, qty: family.qty });
    }
    if (round > 30) break;
  }

  // Stock history ---------------------------------------------------------------------------------------
  const home = new Map<string, { par: string; lyo: string | null }>();
  const total = skus.length * 2 + 150;
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);
  for (const sku of skus) {
    const par = pick(bins.PAR);
    const lyo = rand() < 0.6 ? pick(bins.LYO) : null;
    home.set(sku.code, { par, lyo });
    await receiveStock(ctx, {
      sku: sku.code,
      location: par,
      qty: between(...sku.qty),
      reference: `PO-${between(1000, 1099)}`,
      occurredAt: daysAgo(between(35, 60)),
    });
    progress();
    if (lyo)
      await receiveStock(ctx, {
        sku: sku.code,
        location: lyo,
        qty: between(10, Math.ceil(sku.qty[1] / 2)),
        reference: `PO-${between(1100, 1199)}`,
        occurredAt: daysAgo(between(30, 55)),
      });
    progress();
  }
  const sample = (n: number) => Array.from({ length: n }, () => pick(skus).code);
  for (const code of sample(30)) {
    const { par } = home.get(code)!;
    await unlessShort(() =>
      transferStock(ctx, {
        sku: code,
        from: par,
        to: pick(bins.PAR.filter((b) => b !== par)),
        qty: between(1, 8),
        reference: 'Re-slotting',
        occurredAt: daysAgo(between(20, 30)),
      }),
    );
    progress();
  }
  const transits: string[] = [];
  for (const code of sample(5)) {
    const { par } = home.get(code)!;
    await unlessShort(async () => {
      const out = await transferStock(ctx, {
        sku: code,
        from: par,
        to: pick(bins.LYO),
        qty: between(4, 10),
        via: 'transit',
        reference: 'Rebalance PAR→LYO',
      });
      transits.push(out.value.transfer!.id);
    });
    progress();
  }
  for (const [i, id] of transits.entries()) {
    if (i < 2) await receiveTransfer(ctx, id, {});
    else if (i === 2)
      await receiveTransfer(ctx, id, { qty: 2, closeShort: true, note: 'Carton damaged in transit' });
  }
  for (const [reason, n, lo, hi] of [
    ['damage', 15, -3, -1],
    ['theft', 5, -2, -1],
    ['found', 5, 1, 2],
  ] as const) {
    for (const code of sample(n)) {
      await unlessShort(() =>
        adjustStock(ctx, {
          sku: code,
          location: home.get(code)!.par,
          delta: between(lo, hi),
          reason,
          note: reason === 'theft' ? 'Missing after store event' : undefined,
          occurredAt: daysAgo(between(2, 25)),
        }),
      );
      progress();
    }
  }
  for (const code of sample(5)) {
    await unlessShort(() =>
      scrapStock(ctx, {
        sku: code,
        location: home.get(code)!.par,
        qty: 1,
        reason: pick(['damage', 'defective', 'expired'] as const),
        occurredAt: daysAgo(between(2, 20)),
      }),
    );
    progress();
  }
  // Orders: reserve, then most ship, some are cancelled, a dozen are still open.
  for (let order = 1; order <= 40; order++) {
    const lines = [...new Set(sample(between(1, 3)))].map((code) => ({
      sku: code,
      location: home.get(code)!.par,
      qty: between(1, 3),
    }));
    const reference = `SO-${String(20000 + order)}`;
    await unlessShort(async () => {
      const reservation = await reserveStock(ctx, {
        lines,
        reference,
        ...(order > 28 ? { expiresAt: new Date(now + between(2, 14) * 86_400_000).toISOString() } : {}),
      });
      if (order <= 20) await postReservation(ctx, reservation.value.id, { reference });
      else if (order <= 28) await voidReservation(ctx, reservation.value.id);
    });
    progress();
  }
  // Cycle counts of a few bins, as the counter saw them (one finds a discrepancy).
  for (const [i, code] of sample(20).entries()) {
    const location = home.get(code)!.par;
    const { rows } = await db.query<{ on_hand: number; reserved: number }>(
      `SELECT b.on_hand, b.reserved FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id
         JOIN locations l ON l.location_id = b.location_id WHERE s.code = $1 AND l.code = $2`,
      [code, location],
    );
    const onHand = rows[0]?.on_hand ?? 0;
    const counted = i % 4 === 0 ? Math.max(rows[0]?.reserved ?? 0, onHand - 1) : onHand;
    await countStock(ctx, {
      sku: code,
      location,
      countedQty: counted,
      expectedQty: onHand,
      note: 'Cycle count',
    });
    progress();
  }
  // Sales channels and recent orders from them, routed between the two warehouses.
  await createChannel(ctx, {
    code: 'WEB',
    name: 'Own web shop',
    kind: 'web_shop',
    currency: 'EUR',
    warehouses: [
      { warehouse: 'PAR', priority: 0 },
      { warehouse: 'LYO', priority: 1 },
    ],
  });
  await createChannel(ctx, {
    code: 'AMAZON-FR',
    name: 'Amazon.fr (merchant fulfilled)',
    kind: 'marketplace',
    currency: 'EUR',
    bufferUnits: 2,
    allowSplit: false,
    warehouses: [
      { warehouse: 'LYO', priority: 0 },
      { warehouse: 'PAR', priority: 1 },
    ],
  });
  await createChannel(ctx, {
    code: 'POS-PARIS',
    name: 'Paris shop counter',
    kind: 'point_of_sale',
    currency: 'EUR',
    allowBackorder: false,
    warehouses: [{ warehouse: 'PAR', priority: 0 }],
  });
  await createHoldRule(ctx, {
    name: 'Large orders',
    condition: { totalAboveMinor: 50_000, currency: 'EUR' },
  });
  const cities = [
    { city: 'Paris', region: 'Île-de-France', postalCode: '75011' },
    { city: 'Lyon', region: 'Auvergne-Rhône-Alpes', postalCode: '69003' },
    { city: 'Marseille', region: "Provence-Alpes-Côte d'Azur", postalCode: '13001' },
    { city: 'Lille', region: 'Hauts-de-France', postalCode: '59000' },
  ];
  for (let n = 1; n <= 30; n++) {
    const channel = n % 3 === 0 ? 'AMAZON-FR' : n % 7 === 0 ? 'POS-PARIS' : 'WEB';
    const where = pick(cities);
    const lines = Array.from({ length: between(1, 3) }, () => pick(skus)).filter(
      (s, i, all) => all.findIndex((x) => x.code === s.code) === i,
    );
    const priced = lines.map((s) => ({
      sku: s.code,
      qty: between(1, 2),
      unitPriceMinor: between(9, 89) * 100 + 90,
    }));
    const subtotal = priced.reduce((sum, l) => sum + l.qty * l.unitPriceMinor, 0);
    const placedAt = daysAgo(between(0, 5));
    await unlessShort(() =>
      createOrder(ctx, {
        channel,
        externalId: channel === 'AMAZON-FR' ? `402-${1000000 + n * 7919}-${3000000 + n}` : `#${1000 + n}`,
        placedAt,
        currency: 'EUR',
        customer: {
          externalId: `C${100 + (n % 17)}`,
          name: `Client ${100 + (n % 17)}`,
          email: `client${100 + (n % 17)}@example.com`,
        },
        ...(channel === 'POS-PARIS'
          ? {}
          : {
              shipTo: {
                name: `Client ${100 + (n % 17)}`,
                line1: `${n} rue de la République`,
                country: 'FR',
                ...where,
              },
            }),
        // Promised two days after it was placed (the wave planner's cut-off), by a carrier service.
        promisedAt: new Date(Date.parse(placedAt) + 2 * 86_400_000).toISOString(),
        ...(channel === 'POS-PARIS' ? {} : { shippingMethod: n % 4 === 0 ? 'express' : 'standard' }),
        paymentStatus: 'paid',
        lines: priced,
        totals: { subtotalMinor: subtotal, shippingMinor: 490, totalMinor: subtotal + 490 },
      }).then(() => undefined),
    );
    progress();
  }
  // Reorder points on a dozen SKUs (some already below), and the oldest allocated orders shipped: some
  // delivered, some on their way, two parcels still being prepared.
  for (const sku of skus.slice(0, 12)) {
    await setReorderPoints(ctx, sku.code, {
      points: [{ warehouse: 'PAR', lowAt: between(5, 60), reorderQty: between(20, 80) }],
    });
  }
  const { rows: ready } = await db.query<{ order_id: string; warehouses: string[] }>(
    `SELECT order_id, allocation->'warehouses' AS warehouses FROM orders
      WHERE status = 'allocated' AND NOT on_hold ORDER BY placed_at, order_id LIMIT 12`,
  );
  for (const [i, order] of ready.entries()) {
    const made = await createShipment(ctx, { order: order.order_id, warehouse: order.warehouses[0] });
    if (i >= 10) continue;
    await shipShipment(ctx, made.value.id, {
      carrier: i % 2 ? 'Colissimo' : 'Chronopost',
      service: i % 2 ? 'Domicile' : '13H',
      trackingNumber: `${i % 2 ? '6A' : 'XY'}${String(1_234_567_890 + i * 7_919).padStart(11, '0')}`,
    });
    if (i < 6) await deliverShipment(ctx, made.value.id, {});
  }
  await setUpShipping(ctx);
  // Last, and without the random sequence: the outbound shop above stays exactly as it was.
  await seedInbound(ctx);
  await db.exec('ANALYZE');
  const { rows } = await db.query<{ moves: number; reservations: number }>(
    'SELECT (SELECT count(*) FROM stock_moves)::bigint AS moves, (SELECT count(*) FROM reservations)::bigint AS reservations',
  );
  return { skus: skus.length, locations, moves: rows[0]!.moves, reservations: rows[0]!.reservations };
}

/**
 * The floor plan: the depot at the origin, each zone's aisles 3 m apart and 2 m between zones, and the
 * last part of a bin code (01, 02 …) its bay along the aisle, 1.5 m apart from 4 m in. Pick lists are then
 * ordered along a short walk rather than in bin-code order.
 */
async function layOutBins(ctx: Context): Promise<void> {
  for (const [wh, zones, aisles, bays] of [
    ['PAR', ['A', 'B', 'C'], 4, 3],
    ['LYO', ['R', 'S'], 3, 2],
  ] as const) {
    await updateLocationLayout(ctx, wh, { x: 0, y: 0 });
    let seq = 0;
    for (const [z, zone] of zones.entries()) {
      for (let aisle = 1; aisle <= aisles; aisle++) {
        const x = 300 + (z * aisles + aisle - 1) * 300 + z * 200;
        for (let bay = 1; bay <= bays; bay++) {
          const code = `${zone}-${String(aisle).padStart(2, '0')}-${String(bay).padStart(2, '0')}`;
          await updateLocationLayout(ctx, `${wh}/${code}`, {
            aisle: `${zone}-${String(aisle).padStart(2, '0')}`,
            bay,
            x,
            y: 400 + bay * 150,
            pickSeq: seq++,
          });
        }
      }
    }
  }
}

/**
 * What packing and shipping need: Paris's ship-from address and GS1 company prefix (0614141 is GS1's own
 * example prefix, so the demo's SSCCs are valid and belong to no one), two carton types, and a rate-table
 * carrier with a standard and an express service priced by weight.
 */
async function setUpShipping(ctx: Context): Promise<void> {
  await setShippingProfile(ctx, 'PAR', {
    address: {
      name: 'Coulisse Demo — Entrepôt Paris',
      line1: '12 rue des Entrepôts',
      city: 'Saint-Ouen-sur-Seine',
      postalCode: '93400',
      country: 'FR',
    },
    gs1CompanyPrefix: '0614141',
  });
  await setCartonType(ctx, 'S', {
    name: 'Small box 30×20×10',
    lengthMm: 300,
    widthMm: 200,
    heightMm: 100,
    tareGrams: 150,
    maxWeightGrams: 5000,
  });
  await setCartonType(ctx, 'M', {
    name: 'Medium box 40×30×20',
    lengthMm: 400,
    widthMm: 300,
    heightMm: 200,
    tareGrams: 300,
    maxWeightGrams: 15000,
  });
  const bands = (prices: number[]) =>
    [1000, 2000, 5000, 10000, 30000].map((maxWeightGrams, i) => ({
      maxWeightGrams,
      priceMinor: prices[i]!,
    }));
  await setCarrier(ctx, 'parcelo', {
    name: 'Parcelo',
    rateTable: {
      currency: 'EUR',
      volumetricDivisor: 5000,
      trackingPrefix: 'PL',
      services: [
        { code: 'standard', name: 'Standard (2–3 days)', bands: bands([490, 590, 790, 1190, 1890]) },
        { code: 'express', name: 'Express (next day)', bands: bands([890, 1090, 1490, 1990, 2990]) },
      ],
    },
  });
}

/** True when the database holds no SKU and no location yet (demo seeding refuses to mix with real data). */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT ((SELECT count(*) FROM skus) + (SELECT count(*) FROM locations))::bigint AS n',
  );
  return rows[0]!.n === 0;
}
