/**
 * Which units of an order a new shipment takes, and from which held locations. Pure and deterministic:
 * the database layer feeds it the order's lines and what their open reservations hold (outside other open
 * shipments), and applies the plan by splitting those holds.
 *
 * A shipment leaves one warehouse. A kit line ships whole kits only: the kits a warehouse can ship are the
 * fewest its held components make up.
 */

export interface PlanLine {
  lineNo: number;
  sku: string;
  /** What one unit of the line is made of: a kit's components, or the SKU itself once. */
  parts: readonly { sku: string; perUnit: number }[];
}

/** Units of a part held for a line at a location (an open reservation line). */
export interface PlanHolding {
  lineNo: number;
  sku: string;
  location: string;
  warehouse: string;
  qty: number;
}

export interface PlanRequest {
  lines: readonly PlanLine[];
  holdings: readonly PlanHolding[];
  /** The warehouse to ship from; when omitted, the only warehouse that holds anything. */
  warehouse?: string | undefined;
  /** Units per line; when omitted, everything the warehouse holds for the order. */
  requested?: readonly { lineNo: number; qty: number }[] | undefined;
}

export interface Piece {
  sku: string;
  location: string;
  qty: number;
}

export interface PlannedLine {
  lineNo: number;
  qty: number;
  /** The held units the shipment takes (kits: their components). */
  pieces: Piece[];
}

export type PlanResult =
  | { ok: true; warehouse: string; lines: PlannedLine[] }
  | {
      ok: false;
      code: 'nothing_to_ship' | 'warehouse_required' | 'unknown_line' | 'shipment_exceeds_allocated';
      details: Record<string, unknown>;
    };

const key = (s: string) => s.toLowerCase();

/** Whole units of a line a warehouse holds. */
export function shippableAt(line: PlanLine, holdings: readonly PlanHolding[], warehouse: string): number {
  let units = Number.POSITIVE_INFINITY;
  for (const part of line.parts) {
    const held = holdings
      .filter(
        (h) =>
          h.lineNo === line.lineNo && key(h.warehouse) === key(warehouse) && key(h.sku) === key(part.sku),
      )
      .reduce((s, h) => s + h.qty, 0);
    units = Math.min(units, Math.floor(held / part.perUnit));
  }
  return Number.isFinite(units) ? units : 0;
}

export function planShipment(request: PlanRequest): PlanResult {
  const warehouses = [...new Set(request.holdings.filter((h) => h.qty > 0).map((h) => h.warehouse))].sort();
  const byWarehouse = warehouses
    .map((w) => ({
      warehouse: w,
      units: request.lines.reduce((s, l) => s + shippableAt(l, request.holdings, w), 0),
    }))
    .filter((w) => w.units > 0);
  let warehouse: string;
  if (request.warehouse !== undefined) {
    warehouse = warehouses.find((w) => key(w) === key(request.warehouse!)) ?? request.warehouse;
  } else if (byWarehouse.length === 1) {
    warehouse = byWarehouse[0]!.warehouse;
  } else if (byWarehouse.length === 0) {
    return { ok: false, code: 'nothing_to_ship', details: {} };
  } else {
    return {
      ok: false,
      code: 'warehouse_required',
      details: { warehouses: byWarehouse.map((w) => w.warehouse) },
    };
  }

  const wanted = new Map<number, number>();
  if (request.requested === undefined) {
    for (const line of request.lines) {
      const units = shippableAt(line, request.holdings, warehouse);
      if (units > 0) wanted.set(line.lineNo, units);
    }
  } else {
    for (const [i, r] of request.requested.entries()) {
      const line = request.lines.find((l) => l.lineNo === r.lineNo);
      if (!line)
        return {
          ok: false,
          code: 'unknown_line',
          details: { lineNo: r.lineNo, field: `lines[${i}].lineNo` },
        };
      const total = (wanted.get(r.lineNo) ?? 0) + r.qty;
      const available = shippableAt(line, request.holdings, warehouse);
      if (total > available) {
        return {
          ok: false,
          code: 'shipment_exceeds_allocated',
          details: {
            lineNo: r.lineNo,
            warehouse,
            allocated: available,
            requested: total,
            field: `lines[${i}].qty`,
          },
        };
      }
      wanted.set(r.lineNo, total);
    }
  }
  if (wanted.size === 0) return { ok: false, code: 'nothing_to_ship', details: { warehouse } };

  const lines: PlannedLine[] = [];
  for (const line of request.lines) {
    const qty = wanted.get(line.lineNo);
    if (!qty) continue;
    const pieces: Piece[] = [];
    for (const part of line.parts) {
      let need = qty * part.perUnit;
      const held = request.holdings
        .filter(
          (h) =>
            h.lineNo === line.lineNo && key(h.warehouse) === key(warehouse) && key(h.sku) === key(part.sku),
        )
        .sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
      for (const h of held) {
        if (need === 0) break;
        const take = Math.min(need, h.qty);
        if (take <= 0) continue;
        const same = pieces.find((p) => key(p.sku) === key(h.sku) && p.location === h.location);
        if (same) same.qty += take;
        else pieces.push({ sku: h.sku, location: h.location, qty: take });
        need -= take;
      }
    }
    lines.push({ lineNo: line.lineNo, qty, pieces });
  }
  return { ok: true, warehouse, lines };
}

/**
 * What stays held for a line once a shipment took its pieces: the line's holdings (everywhere) minus the
 * pieces, per (SKU, location).
 */
export function remainderOf(holdings: readonly PlanHolding[], pieces: readonly Piece[]): Piece[] {
  const left = new Map<string, Piece>();
  for (const h of holdings) {
    const k = `${key(h.sku)}\u0000${h.location}`;
    const prior = left.get(k);
    if (prior) prior.qty += h.qty;
    else left.set(k, { sku: h.sku, location: h.location, qty: h.qty });
  }
  for (const p of pieces) {
    const entry = left.get(`${key(p.sku)}\u0000${p.location}`);
    if (!entry || entry.qty < p.qty)
      throw new Error(`piece ${p.sku}@${p.location} exceeds what the line holds`);
    entry.qty -= p.qty;
  }
  return [...left.values()].filter((p) => p.qty > 0);
}
