import type { Queryable } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { SkuRef } from '../../catalog/index.js';
import { compareKeys } from '../domain/demand.js';
import { insufficientStock, type Shortage } from '../errors.js';
import type { LocationRef } from './locations.js';

/** A change to one (location, SKU) balance. Negative onHand takes stock out; positive reserved holds it. */
export interface BalanceChange {
  readonly location: LocationRef;
  readonly sku: SkuRef;
  readonly onHand: number;
  readonly reserved: number;
}

export interface BalanceView {
  sku: string;
  location: string;
  onHand: number;
  reserved: number;
  available: number;
}

export interface Merged {
  locationId: string;
  skuId: string;
  location: LocationRef;
  sku: SkuRef;
  onHand: number;
  reserved: number;
}

/** Makes sure balance rows exist for keys that may receive stock, inserting in lock order. */
const ENSURE_ROWS = {
  name: 'inv_ensure_balances',
  text: `INSERT INTO stock_balances (location_id, sku_id, is_physical)
         SELECT k.location_id, k.sku_id, k.is_physical
           FROM unnest($1::text[], $2::text[], $3::boolean[]) AS k(location_id, sku_id, is_physical)
          ORDER BY k.location_id COLLATE "C", k.sku_id COLLATE "C"
         ON CONFLICT (location_id, sku_id) DO NOTHING`,
};

/**
 * The guarded write at the heart of the ledger, in one statement: lock every affected balance row in a
 * fixed order (location id, SKU id), check that every change keeps the row valid (reserved >= 0 and, at a
 * physical location, on hand >= reserved), and apply all of them only if all pass. A concurrent change
 * is waited for and re-read (READ COMMITTED re-evaluation), never overwritten.
 */
const GUARDED_APPLY = {
  name: 'inv_guarded_apply',
  text: `WITH d AS MATERIALIZED (
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
                    AS d(location_id, sku_id, on_hand_delta, reserved_delta)
         ), locked AS MATERIALIZED (
           SELECT b.location_id, b.sku_id, b.is_physical, b.on_hand, b.reserved
             FROM stock_balances b JOIN d ON b.location_id = d.location_id AND b.sku_id = d.sku_id
            ORDER BY b.location_id COLLATE "C", b.sku_id COLLATE "C"
              FOR UPDATE OF b
         ), verdict AS (
           SELECT count(*) AS passing FROM locked l JOIN d ON l.location_id = d.location_id AND l.sku_id = d.sku_id
            WHERE l.reserved + d.reserved_delta >= 0
              AND (NOT l.is_physical OR l.on_hand + d.on_hand_delta >= l.reserved + d.reserved_delta)
         )
         UPDATE stock_balances b
            SET on_hand = b.on_hand + d.on_hand_delta, reserved = b.reserved + d.reserved_delta, updated_at = now()
           FROM d
          WHERE b.location_id = d.location_id AND b.sku_id = d.sku_id
            AND (SELECT passing FROM verdict) = $5
         RETURNING b.location_id, b.sku_id, b.on_hand, b.reserved`,
};

/** A change that cannot break a rule: stock arriving at a physical location, anything at a virtual one. */
export const isSafeChange = (k: Merged) => !k.location.isPhysical || (k.onHand >= 0 && k.reserved === 0);

/**
 * When no change can break a rule (stock only arrives at physical locations; virtual locations may go
 * negative), one upsert in lock order does it all: receipts, finds and counts up need no guard.
 */
const UPSERT_SAFE = {
  name: 'inv_upsert_safe',
  text: `INSERT INTO stock_balances (location_id, sku_id, is_physical, on_hand)
         SELECT k.location_id, k.sku_id, k.is_physical, k.on_hand_delta
           FROM unnest($1::text[], $2::text[], $3::boolean[], $4::bigint[]) AS k(location_id, sku_id, is_physical, on_hand_delta)
          ORDER BY k.location_id COLLATE "C", k.sku_id COLLATE "C"
         ON CONFLICT (location_id, sku_id) DO UPDATE
            SET on_hand = stock_balances.on_hand + EXCLUDED.on_hand, updated_at = now()
         RETURNING location_id, sku_id, on_hand, reserved`,
};

const READ_ROWS = {
  name: 'inv_read_balances',
  text: `SELECT k.location_id, k.sku_id, coalesce(b.on_hand, 0) AS on_hand, coalesce(b.reserved, 0) AS reserved
           FROM unnest($1::text[], $2::text[]) AS k(location_id, sku_id)
           LEFT JOIN stock_balances b ON b.location_id = k.location_id AND b.sku_id = k.sku_id`,
};

export function mergeChanges(changes: readonly BalanceChange[]): Merged[] {
  const byKey = new Map<string, Merged>();
  for (const c of changes) {
    const key = `${c.location.id}\u0000${c.sku.id}`;
    const prior = byKey.get(key);
    if (prior) {
      prior.onHand += c.onHand;
      prior.reserved += c.reserved;
    } else {
      byKey.set(key, {
        locationId: c.location.id,
        skuId: c.sku.id,
        location: c.location,
        sku: c.sku,
        onHand: c.onHand,
        reserved: c.reserved,
      });
    }
  }
  return [...byKey.values()].filter((m) => m.onHand !== 0 || m.reserved !== 0).sort(compareKeys);
}

/**
 * Applies balance changes all-or-nothing. Throws 409 insufficient_stock (listing every key that would break
 * its rule) and changes nothing when any key fails. Returns the new balances in key order.
 */
export async function applyBalanceChanges(
  tx: Queryable,
  changes: readonly BalanceChange[],
  options: { unsafeDisableGuard?: boolean | undefined } = {},
): Promise<BalanceView[]> {
  const keys = mergeChanges(changes);
  if (keys.length === 0) return [];
  if (!options.unsafeDisableGuard && keys.every(isSafeChange)) {
    const { rows } = await tx.query<{
      location_id: string;
      sku_id: string;
      on_hand: number;
      reserved: number;
    }>(UPSERT_SAFE, [
      keys.map((k) => k.locationId),
      keys.map((k) => k.skuId),
      keys.map((k) => k.location.isPhysical),
      keys.map((k) => k.onHand),
    ]);
    const views = toViews(keys, rows);
    await emitStockChanged(tx, keys, views);
    return views;
  }
  const mayCreate = keys.filter(needsRow);
  if (mayCreate.length > 0) {
    await tx.query(ENSURE_ROWS, [
      mayCreate.map((k) => k.locationId),
      mayCreate.map((k) => k.skuId),
      mayCreate.map((k) => k.location.isPhysical),
    ]);
  }
  const views = await guardedApply(tx, keys, options);
  await emitStockChanged(tx, keys, views);
  return views;
}

/**
 * `stock.changed` and `stock.low` in one statement (one round trip, whether or not reorder points exist):
 * the change event, and a low-stock event for each (SKU, warehouse) this change took from at or above its
 * reorder point to below it (available = on hand − reserved over the warehouse's physical locations, read
 * after the change in this transaction; before = after − this change).
 */
const STOCK_EVENTS = {
  name: 'inv_stock_events',
  text: `WITH changed AS (
           INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload)
           VALUES ($1, 'stock.changed', 'sku', $2, $3::jsonb)
         ), d AS (
           SELECT * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[])
                    AS d(sku_id, sku, warehouse_id, warehouse, delta, event_id)
         ), low AS (
           SELECT d.*, rp.low_at, rp.reorder_qty,
                  (SELECT coalesce(sum(b.on_hand - b.reserved), 0) FROM stock_balances b
                     JOIN locations l ON l.location_id = b.location_id
                    WHERE b.sku_id = d.sku_id AND l.warehouse_id = d.warehouse_id AND b.is_physical) AS available
             FROM d JOIN reorder_points rp ON rp.sku_id = d.sku_id AND rp.warehouse_id = d.warehouse_id
         )
         INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload)
         SELECT event_id, 'stock.low', 'sku', sku,
                jsonb_build_object('sku', sku, 'warehouse', warehouse, 'available', available, 'lowAt', low_at,
                                   'reorderQty', reorder_qty)
           FROM low WHERE available < low_at AND available - delta >= low_at`,
};

/**
 * `stock.changed`, in the transaction of the change: what is now on hand, reserved and available at each
 * physical location a command touched (virtual locations are the world outside; channels do not sell
 * from them). One event per command, for channel sync; `stock.low` beside it when a reorder point is
 * crossed downwards.
 */
export async function emitStockChanged(
  tx: Queryable,
  keys: readonly Merged[],
  views: readonly BalanceView[],
): Promise<void> {
  const physical = new Set(keys.filter((k) => k.location.isPhysical).map((k) => k.location.code));
  const items = views.filter((v) => physical.has(v.location));
  if (items.length === 0) return;
  const warehouses = new Map(keys.map((k) => [k.location.code, k.location.warehouseCode]));
  // What this change took from availability, per (SKU, warehouse): only a fall can cross a reorder point.
  const falls = new Map<
    string,
    { skuId: string; sku: string; warehouseId: string; warehouse: string; delta: number }
  >();
  for (const k of keys) {
    if (!k.location.isPhysical) continue;
    const id = `${k.skuId}\u0000${k.location.warehouseId}`;
    const entry = falls.get(id) ?? {
      skuId: k.skuId,
      sku: k.sku.code,
      warehouseId: k.location.warehouseId,
      warehouse: k.location.warehouseCode,
      delta: 0,
    };
    entry.delta += k.onHand - k.reserved;
    falls.set(id, entry);
  }
  const down = [...falls.values()].filter((f) => f.delta < 0);
  await tx.query(STOCK_EVENTS, [
    newId('event'),
    items[0]!.sku,
    JSON.stringify({ items: items.map((v) => ({ ...v, warehouse: warehouses.get(v.location) ?? null })) }),
    down.map((f) => f.skuId),
    down.map((f) => f.sku),
    down.map((f) => f.warehouseId),
    down.map((f) => f.warehouse),
    down.map((f) => f.delta),
    down.map(() => newId('event')),
  ]);
}

/** Keys whose balance row may not exist yet: those receiving stock, and virtual ones. */
export const needsRow = (k: Merged) => k.onHand > 0 || !k.location.isPhysical;

/**
 * The guarded statement over merged keys whose rows exist (see ENSURE_ROWS). Throws 409 insufficient_stock
 * and changes nothing when any key fails.
 */
export async function guardedApply(
  tx: Queryable,
  keys: Merged[],
  options: { unsafeDisableGuard?: boolean | undefined } = {},
): Promise<BalanceView[]> {
  if (options.unsafeDisableGuard) return racyApply(tx, keys);
  // A balance row committed by another transaction after this statement's snapshot is invisible to it;
  // one re-run (with a new snapshot) tells a real shortage from that race.
  for (let attempt = 0; attempt < 2; attempt++) {
    const { rows } = await tx.query<{
      location_id: string;
      sku_id: string;
      on_hand: number;
      reserved: number;
    }>(GUARDED_APPLY, [
      keys.map((k) => k.locationId),
      keys.map((k) => k.skuId),
      keys.map((k) => k.onHand),
      keys.map((k) => k.reserved),
      keys.length,
    ]);
    if (rows.length === keys.length) return toViews(keys, rows);
    const shortages = await findShortages(tx, keys);
    if (shortages.length > 0) throw insufficientStock(shortages);
  }
  throw conflict('transaction_conflict', 'Stock changed while this request ran; retry it.');
}

async function findShortages(tx: Queryable, keys: Merged[]): Promise<Shortage[]> {
  const { rows } = await tx.query<{ location_id: string; sku_id: string; on_hand: number; reserved: number }>(
    READ_ROWS,
    [keys.map((k) => k.locationId), keys.map((k) => k.skuId)],
  );
  const shortages: Shortage[] = [];
  keys.forEach((k, i) => {
    const row = rows.find((r) => r.location_id === k.locationId && r.sku_id === k.skuId) ?? rows[i]!;
    const onHand = row.on_hand + k.onHand;
    const reserved = row.reserved + k.reserved;
    if (reserved < 0 || (k.location.isPhysical && onHand < reserved)) {
      shortages.push({
        sku: k.sku.code,
        location: k.location.code,
        // What this change needed available: units taken out plus units newly reserved.
        requested: Math.max(0, -k.onHand) + Math.max(0, k.reserved),
        available: row.on_hand - row.reserved,
        onHand: row.on_hand,
        reserved: row.reserved,
      });
    }
  });
  return shortages;
}

/**
 * TEST ONLY (NODE_ENV=test and COULISSE_UNSAFE_DISABLE_STOCK_GUARD): the classic read-modify-write bug,
 * kept so the concurrency tests can prove that their checker catches oversell when the guard is gone.
 */
async function racyApply(tx: Queryable, keys: Merged[]): Promise<BalanceView[]> {
  const out: { location_id: string; sku_id: string; on_hand: number; reserved: number }[] = [];
  for (const k of keys) {
    const { rows } = await tx.query<{ on_hand: number; reserved: number }>(
      'SELECT on_hand, reserved FROM stock_balances WHERE location_id = $1 AND sku_id = $2',
      [k.locationId, k.skuId],
    );
    const current = rows[0] ?? { on_hand: 0, reserved: 0 };
    const onHand = current.on_hand + k.onHand;
    const reserved = current.reserved + k.reserved;
    if (reserved < 0 || (k.location.isPhysical && onHand < reserved)) {
      throw insufficientStock([
        {
          sku: k.sku.code,
          location: k.location.code,
          requested: Math.max(0, -k.onHand) + Math.max(0, k.reserved),
          available: current.on_hand - current.reserved,
          onHand: current.on_hand,
          reserved: current.reserved,
        },
      ]);
    }
    await new Promise((resolve) => setTimeout(resolve, 2)); // widen the race window
    await tx.query(
      'UPDATE stock_balances SET on_hand = $3, reserved = $4 WHERE location_id = $1 AND sku_id = $2',
      [k.locationId, k.skuId, onHand, reserved],
    );
    out.push({ location_id: k.locationId, sku_id: k.skuId, on_hand: onHand, reserved });
  }
  return toViews(keys, out);
}

export function toViews(
  keys: Merged[],
  rows: { location_id: string; sku_id: string; on_hand: number; reserved: number }[],
): BalanceView[] {
  return keys.map((k) => {
    const row = rows.find((r) => r.location_id === k.locationId && r.sku_id === k.skuId)!;
    return {
      sku: k.sku.code,
      location: k.location.code,
      onHand: row.on_hand,
      reserved: row.reserved,
      available: row.on_hand - row.reserved,
    };
  });
}
