import { type Context, runCommand } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { LOCATION_SELECT, type Location, type LocationRow, toLocation } from '../db/locations.js';
import type { LocationUsage } from '../domain/locations.js';
import { locationNotFound } from '../errors.js';

/**
 * Says what a zone or bin is for: storage (its stock can be promised), receiving (a dock) or quarantine
 * (held back by QC or returns inspection). A zone's bins follow it. Units reserved there (promised to an
 * order, held for a task) keep a location out of receiving or quarantine until they are released: a
 * promise cannot be made of stock that no longer counts. Becoming storage makes the stock there available:
 * it is an arrival for backorders only when moved, so the change itself is recorded and audited.
 * Errors: location_not_found (404, also outside the caller's warehouses); location_has_reservations (409);
 * location_not_physical, invalid_field (422).
 */
export async function setLocationUsage(ctx: Context, code: string, usage: LocationUsage) {
  return runCommand(
    ctx,
    'inventory.set_location_usage',
    { code, usage },
    async (tx, audit): Promise<Location> => {
      const { rows: found } = await tx.query<{
        location_id: string;
        code: string;
        kind: string;
        usage: LocationUsage;
        warehouse_id: string;
      }>(
        `SELECT location_id, code, kind, usage, warehouse_id FROM locations
        WHERE lower(code) = lower($1) AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))
        FOR NO KEY UPDATE`,
        [code, ctx.warehouseScope],
      );
      const target = found[0];
      if (!target) throw locationNotFound(code);
      if (target.kind !== 'zone' && target.kind !== 'bin') {
        throw unprocessable(
          target.kind === 'warehouse' ? 'invalid_field' : 'location_not_physical',
          `Only zones and bins have a usage; ${target.code} is a ${target.kind}.`,
          { location: target.code, field: 'usage' },
        );
      }
      if (usage !== 'storage') {
        const { rows: held } = await tx.query<{ code: string; reserved: string }>(
          `SELECT l.code, sum(b.reserved) AS reserved FROM stock_balances b JOIN locations l ON l.location_id = b.location_id
          WHERE (l.location_id = $1 OR l.parent_id = $1) AND b.reserved > 0 GROUP BY l.code ORDER BY l.code`,
          [target.location_id],
        );
        if (held.length > 0) {
          throw conflict(
            'location_has_reservations',
            `Units at ${held.map((h) => h.code).join(', ')} are reserved; release or move them before making ${target.code} ${usage}.`,
            {
              location: target.code,
              reserved: held.map((h) => ({ location: h.code, qty: Number(h.reserved) })),
            },
          );
        }
      }
      const { rows: changed } = await tx.query<{ code: string }>(
        `UPDATE locations SET usage = $2, updated_at = now(), updated_by = $3
        WHERE (location_id = $1 OR (parent_id = $1 AND kind = 'bin')) AND usage <> $2
        RETURNING code`,
        [target.location_id, usage, ctx.actor.id],
      );
      const { rows } = await tx.query<LocationRow>(`${LOCATION_SELECT} WHERE l.location_id = $1`, [
        target.location_id,
      ]);
      audit.record({
        targetType: 'location',
        targetId: target.code,
        before: { usage: target.usage },
        after: { usage, changed: changed.map((c) => c.code) },
        warehouseIds: [target.warehouse_id],
      });
      return toLocation(rows[0]!);
    },
  );
}
