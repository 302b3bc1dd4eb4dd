import type { Context } from '../../../db/index.js';
import { decodeCursor, encodeCursor } from '../../../kernel/pagination.js';
import {
  readShipment,
  SHIPMENT_SELECT,
  type Shipment,
  type ShipmentRow,
  shipmentInScope,
  toShipment,
} from '../db/shipments.js';

export interface ListShipmentsInput {
  order?: string | undefined;
  status?: string | undefined;
  warehouse?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Shipments, newest first, in the caller's warehouses. */
export async function listShipments(
  ctx: Context,
  input: ListShipmentsInput,
): Promise<{ items: Shipment[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string', 'string']);
  const { rows } = await ctx.db.query<ShipmentRow>(
    `${SHIPMENT_SELECT}
      WHERE ($1::text IS NULL OR sh.order_id = $1)
        AND ($2::text IS NULL OR sh.status = $2)
        AND ($3::text IS NULL OR lower(w.code) = lower($3))
        AND ($4::timestamptz IS NULL OR (sh.created_at, sh.shipment_id) < ($4::timestamptz, $5::text))
        AND ${shipmentInScope('$7')}
      ORDER BY sh.created_at DESC, sh.shipment_id DESC LIMIT $6`,
    [
      input.order ?? null,
      input.status ?? null,
      input.warehouse ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      input.limit + 1,
      ctx.warehouseScope,
    ],
  );
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(toShipment),
    nextCursor: more && last ? encodeCursor([last.created_at.toISOString(), last.shipment_id]) : null,
  };
}

/** Errors: shipment_not_found (404). */
export async function getShipment(ctx: Context, id: string): Promise<Shipment> {
  return readShipment(ctx.db, id, ctx.warehouseScope);
}
