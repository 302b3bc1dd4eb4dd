import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { skuNotFound } from '../../catalog/index.js';
import { resolveWarehouses } from '../db/refs.js';

export interface ReorderPoint {
  warehouse: string;
  /** Low below this many available units. */
  lowAt: number;
  /** How many to reorder when low (for purchasing). */
  reorderQty: number | null;
  /** Available now: on hand − reserved over the warehouse's physical locations. */
  available: number;
  isLow: boolean;
}

export interface ReorderPoints {
  sku: string;
  points: ReorderPoint[];
}

/** A SKU's reorder points in the caller's warehouses, with what is available there now. */
export async function readReorderPoints(
  tx: Queryable,
  code: string,
  scope: readonly string[] | null,
): Promise<ReorderPoints> {
  const { rows } = await tx.query<{
    code: string;
    warehouse: string | null;
    low_at: number | null;
    reorder_qty: number | null;
    available: number | null;
  }>(
    `SELECT s.code, w.code AS warehouse, rp.low_at, rp.reorder_qty,
            (SELECT coalesce(sum(b.on_hand - b.reserved), 0)::bigint FROM stock_balances b
               JOIN locations l ON l.location_id = b.location_id
              WHERE b.sku_id = s.sku_id AND l.warehouse_id = rp.warehouse_id AND b.is_physical) AS available
       FROM skus s
       LEFT JOIN reorder_points rp ON rp.sku_id = s.sku_id AND ($2::text[] IS NULL OR rp.warehouse_id = ANY($2::text[]))
       LEFT JOIN locations w ON w.location_id = rp.warehouse_id
      WHERE lower(s.code) = lower($1)
      ORDER BY w.code`,
    [code, scope],
  );
  if (!rows[0]) throw skuNotFound(code);
  return {
    sku: rows[0].code,
    points: rows
      .filter((r) => r.warehouse !== null)
      .map((r) => ({
        warehouse: r.warehouse!,
        lowAt: r.low_at!,
        reorderQty: r.reorder_qty,
        available: r.available ?? 0,
        isLow: (r.available ?? 0) < r.low_at!,
      })),
  };
}

/**
 * Sets a SKU's reorder points: the list replaces those in the caller's warehouses (others are left as they
 * are); an empty list removes them. From then on, a change that takes the warehouse's available quantity
 * below `lowAt` writes `stock.low`. Errors: sku_not_found (404); sku_is_kit, unknown_warehouse,
 * duplicate_warehouse (422).
 */
export async function setReorderPoints(
  ctx: Context,
  code: string,
  input: { points: { warehouse: string; lowAt: number; reorderQty?: number | null | undefined }[] },
) {
  return runCommand(ctx, 'inventory.set_reorder_points', { code, ...input }, async (tx, audit) => {
    const { rows } = await tx.query<{ sku_id: string; code: string; is_kit: boolean }>(
      'SELECT sku_id, code, is_kit FROM skus WHERE lower(code) = lower($1) FOR UPDATE',
      [code],
    );
    const sku = rows[0];
    if (!sku) throw skuNotFound(code);
    if (sku.is_kit && input.points.length > 0) {
      throw unprocessable(
        'sku_is_kit',
        `${sku.code} is a kit: it holds no stock of its own; set reorder points on its components.`,
        { sku: sku.code },
      );
    }
    const seen = new Set<string>();
    for (const [i, p] of input.points.entries()) {
      const k = p.warehouse.toLowerCase();
      if (seen.has(k)) {
        throw unprocessable('duplicate_warehouse', `Warehouse ${p.warehouse} is listed twice.`, {
          field: `points[${i}].warehouse`,
        });
      }
      seen.add(k);
    }
    const warehouses = input.points.length
      ? await resolveWarehouses(
          tx,
          input.points.map((p) => p.warehouse),
          { field: 'points', scope: ctx.warehouseScope },
        )
      : [];
    const idOf = new Map(warehouses.map((w) => [w.code.toLowerCase(), w.id]));
    const before = await readReorderPoints(tx, sku.code, ctx.warehouseScope);
    await tx.query(
      `DELETE FROM reorder_points WHERE sku_id = $1 AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))`,
      [sku.sku_id, ctx.warehouseScope],
    );
    if (input.points.length > 0) {
      await tx.query(
        `INSERT INTO reorder_points (sku_id, warehouse_id, low_at, reorder_qty, updated_by)
         SELECT $1, p.warehouse_id, p.low_at, p.reorder_qty, $5
           FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS p(warehouse_id, low_at, reorder_qty)`,
        [
          sku.sku_id,
          input.points.map((p) => idOf.get(p.warehouse.toLowerCase())!),
          input.points.map((p) => p.lowAt),
          input.points.map((p) => p.reorderQty ?? null),
          ctx.actor.id,
        ],
      );
    }
    const after = await readReorderPoints(tx, sku.code, ctx.warehouseScope);
    audit.record({
      targetType: 'sku',
      targetId: sku.code,
      before: {
        reorderPoints: before.points.map(({ warehouse, lowAt, reorderQty }) => ({
          warehouse,
          lowAt,
          reorderQty,
        })),
      },
      after: {
        reorderPoints: after.points.map(({ warehouse, lowAt, reorderQty }) => ({
          warehouse,
          lowAt,
          reorderQty,
        })),
      },
      warehouseIds: warehouses.map((w) => w.id),
    });
    return after;
  });
}
