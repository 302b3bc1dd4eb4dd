import type { Context, Db } from '../../src/db/index.js';
import { systemActor } from '../../src/kernel/actor.js';
import { systemClock } from '../../src/kernel/clock.js';
import { createApiKey, createUser } from '../../src/modules/access/index.js';
import { createSku } from '../../src/modules/catalog/index.js';
import { createLocation, receiveStock } from '../../src/modules/inventory/index.js';
import { createChannel } from '../../src/modules/orders/index.js';

/**
 * The benchmark's data set, shared by the HTTP load generator, the pgbench script and the seeder so that
 * all three name the same rows. SKU n (1..skus) is `SKU-<10000+n>` and lives in one bin of warehouse WH1,
 * `WH1/A-<100+k>` with k = ((n-1) mod bins) + 1, so a reservation of the SKUs r, r+1, r+2 always touches
 * three different bins. bench/pgbench/cycle.sql spells the same codes ('SKU-' || …, 'WH1/A-' || …).
 */
export interface Dataset {
  readonly skus: number;
  readonly bins: number;
  /** Units received into each SKU's bin while seeding. */
  readonly initialQty: number;
}

export const WAREHOUSE = 'WH1';
export const BENCH_CHANNEL = 'BENCH-WEB';
export const SKU_BASE = 10_000;
export const BIN_BASE = 100;

export const skuCode = (n: number): string => `SKU-${SKU_BASE + n}`;
export const binOf = (n: number, bins: number): number => ((n - 1) % bins) + 1;
export const binCode = (k: number): string => `${WAREHOUSE}/A-${BIN_BASE + k}`;

export function checkDataset(d: Dataset): void {
  if (!Number.isInteger(d.skus) || d.skus < 3 || d.skus > 89_999)
    throw new Error(
      `BENCH_SKUS must be 3..89999 (5-digit codes keep code order = number order); got ${d.skus}`,
    );
  if (!Number.isInteger(d.bins) || d.bins < 3 || d.bins > 899)
    throw new Error(
      `BENCH_BINS must be 3..899 (a reservation's 3 lines need 3 different bins); got ${d.bins}`,
    );
}

async function inBatches(total: number, concurrency: number, fn: (i: number) => Promise<unknown>) {
  let next = 1;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i <= total; i = next++) await fn(i);
    }),
  );
}

/**
 * Seeds through the application's own commands (the same code the HTTP routes call, so the rows are
 * exactly what the API would write), then ANALYZE so the planner has statistics, as an operator would
 * after a bulk load. PGlite runs one transaction at a time; the concurrency only helps PostgreSQL.
 */
/**
 * Seeds the data set and the integration that drives it: an owner and an API key scoped to what the cycle
 * does (receive, reserve, post) in WH1. Returns the key's Authorization header.
 */
export async function seedDataset(db: Db, d: Dataset): Promise<{ authorization: string }> {
  const ctx: Context = {
    db,
    actor: systemActor('bench'),
    userId: null,
    clock: systemClock,
    requestId: null,
    idempotencyKey: null,
    warehouseScope: null,
    permissions: null,
  };
  const concurrency = db.engine === 'postgres' ? 8 : 1;
  await createLocation(ctx, { code: WAREHOUSE, kind: 'warehouse', name: 'Bench warehouse' });
  for (let k = 1; k <= d.bins; k++) {
    await createLocation(ctx, { code: `A-${BIN_BASE + k}`, kind: 'bin', parent: WAREHOUSE });
  }
  await inBatches(d.skus, concurrency, (n) => createSku(ctx, { code: skuCode(n), name: `Bench item ${n}` }));
  await inBatches(d.skus, concurrency, (n) =>
    receiveStock(ctx, {
      sku: skuCode(n),
      location: binCode(binOf(n, d.bins)),
      qty: d.initialQty,
      reference: 'bench-seed',
    }),
  );
  const owner = await createUser(ctx, {
    email: 'bench@bench.example',
    name: 'Bench owner',
    password: 'bench password, not secret',
    role: 'owner',
  });
  const key = await createApiKey(
    ctx,
    {
      name: 'bench integration',
      scopes: ['stock.receive', 'reservations.write', 'reservations.post', 'orders.write'],
      warehouses: [WAREHOUSE],
    },
    { userId: owner.value.id, role: 'owner' },
  );
  // The channel the order-intake scenarios sell through: it ships from the bench warehouse.
  await createChannel(ctx, {
    code: BENCH_CHANNEL,
    name: 'Bench web shop',
    kind: 'web_shop',
    currency: 'EUR',
    warehouses: [{ warehouse: WAREHOUSE, priority: 0 }],
  });
  await db.exec('ANALYZE');
  if (db.engine === 'postgres') await db.exec('CHECKPOINT');
  return { authorization: `Bearer ${key.value.key}` };
}
