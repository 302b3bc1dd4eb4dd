import type { Context, Db, Queryable } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import { type CarrierAdapter, manualCarrier, type RateTable, rateTableCarrier } from '../domain/carriers.js';
import { parseItemScan, scanMatchesSku } from '../domain/scan.js';

/**
 * Packing's SQL: pack items (what a shipment must contain, per SKU, and what was scanned), scans, parcels,
 * the warehouse's shipping profile, carriers and carton types. Functions taking `tx` run in the caller's
 * transaction, after the order's lock (lockShipmentOrder).
 */

export interface ShipFromAddress {
  name: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
  phone?: string;
}

export interface ShippingProfile {
  warehouse: string;
  address: ShipFromAddress;
  gs1CompanyPrefix: string;
  ssccExtensionDigit: number;
  /** The serial the next parcel's SSCC gets. */
  nextSsccSerial: number;
  updatedAt: string;
  updatedBy: string;
}

interface ProfileRow {
  warehouse: string;
  address: ShipFromAddress;
  gs1_company_prefix: string;
  sscc_extension_digit: number;
  next_sscc_serial: number;
  updated_at: Date;
  updated_by: string;
}

export async function findShippingProfile(
  tx: Queryable,
  warehouseId: string,
): Promise<ShippingProfile | null> {
  const { rows } = await tx.query<ProfileRow>(
    `SELECT w.code AS warehouse, p.address, p.gs1_company_prefix, p.sscc_extension_digit, p.next_sscc_serial,
            p.updated_at, p.updated_by
       FROM warehouse_shipping_profiles p JOIN locations w ON w.location_id = p.warehouse_id
      WHERE p.warehouse_id = $1`,
    [warehouseId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    warehouse: r.warehouse,
    address: r.address,
    gs1CompanyPrefix: r.gs1_company_prefix,
    ssccExtensionDigit: Number(r.sscc_extension_digit),
    nextSsccSerial: Number(r.next_sscc_serial),
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  };
}

export interface CarrierRecord {
  code: string;
  name: string;
  kind: 'manual' | 'rate_table';
  rateTable: RateTable | null;
  adapter: CarrierAdapter;
}

interface CarrierRow {
  code: string;
  name: string;
  kind: 'manual' | 'rate_table';
  rate_table: RateTable | null;
}

function toCarrier(r: CarrierRow): CarrierRecord {
  const adapter = r.kind === 'rate_table' && r.rate_table ? rateTableCarrier(r.rate_table) : manualCarrier();
  return { code: r.code, name: r.name, kind: r.kind, rateTable: r.rate_table, adapter };
}

/** The carrier a name refers to (its code, case-insensitively), or null for a free-text carrier. */
export async function findCarrier(tx: Queryable, name: string): Promise<CarrierRecord | null> {
  const { rows } = await tx.query<CarrierRow>(
    'SELECT code, name, kind, rate_table FROM carriers WHERE code = lower($1) AND NOT is_archived',
    [name],
  );
  return rows[0] ? toCarrier(rows[0]) : null;
}

export async function listCarrierRecords(tx: Queryable): Promise<CarrierRecord[]> {
  const { rows } = await tx.query<CarrierRow>(
    'SELECT code, name, kind, rate_table FROM carriers WHERE NOT is_archived ORDER BY code',
  );
  return rows.map(toCarrier);
}

export interface CartonType {
  code: string;
  name: string;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  tareGrams: number;
  maxWeightGrams: number | null;
}

interface CartonRow {
  code: string;
  name: string;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  tare_grams: number;
  max_weight_grams: number | null;
}

const toCarton = (r: CartonRow): CartonType => ({
  code: r.code,
  name: r.name,
  lengthMm: r.length_mm,
  widthMm: r.width_mm,
  heightMm: r.height_mm,
  tareGrams: r.tare_grams,
  maxWeightGrams: r.max_weight_grams,
});

const CARTON_SELECT =
  'SELECT code, name, length_mm, width_mm, height_mm, tare_grams, max_weight_grams FROM carton_types';

export async function listCartonRecords(tx: Queryable, codes?: readonly string[]): Promise<CartonType[]> {
  const { rows } = await tx.query<CartonRow>(
    `${CARTON_SELECT} WHERE NOT is_archived AND ($1::text[] IS NULL OR lower(code) = ANY($1::text[])) ORDER BY code`,
    [codes ? codes.map((c) => c.toLowerCase()) : null],
  );
  return rows.map(toCarton);
}

export interface PackItem {
  skuId: string;
  sku: string;
  name: string;
  gtin: string | null;
  required: number;
  scanned: number;
}

/**
 * What the shipment must contain, per SKU (kits as their components: the pieces its holds are made of).
 * Created once, at the first scan or pack; picking is done by then, so the holds no longer change.
 */
export async function ensurePackItems(tx: Queryable, shipmentId: string): Promise<PackItem[]> {
  await tx.query(
    `INSERT INTO shipment_pack_items (shipment_id, sku_id, qty_required)
     SELECT $1, rl.sku_id, sum(rl.qty)
       FROM shipment_lines sl JOIN reservation_lines rl ON rl.reservation_id = sl.reservation_id
      WHERE sl.shipment_id = $1 AND sl.reservation_id IS NOT NULL
      GROUP BY rl.sku_id
     ON CONFLICT (shipment_id, sku_id) DO NOTHING`,
    [shipmentId],
  );
  return readPackItems(tx, shipmentId);
}

/** The pack items, or (before the first scan) what they would be, all unscanned. */
export async function readPackItems(tx: Queryable, shipmentId: string): Promise<PackItem[]> {
  const { rows } = await tx.query<{
    sku_id: string;
    code: string;
    name: string;
    gtin: string | null;
    required: number;
    scanned: number;
  }>(
    `SELECT s.sku_id, s.code, s.name, s.gtin, pi.qty_required AS required, pi.qty_scanned AS scanned
       FROM shipment_pack_items pi JOIN skus s ON s.sku_id = pi.sku_id
      WHERE pi.shipment_id = $1 AND pi.qty_required > 0
     UNION ALL
     SELECT s.sku_id, s.code, s.name, s.gtin, sum(rl.qty) AS required, 0 AS scanned
       FROM shipment_lines sl JOIN reservation_lines rl ON rl.reservation_id = sl.reservation_id
       JOIN skus s ON s.sku_id = rl.sku_id
      WHERE sl.shipment_id = $1 AND NOT EXISTS (SELECT 1 FROM shipment_pack_items x WHERE x.shipment_id = $1)
      GROUP BY s.sku_id, s.code, s.name, s.gtin
      ORDER BY 2`,
    [shipmentId],
  );
  return rows.map((r) => ({
    skuId: r.sku_id,
    sku: r.code,
    name: r.name,
    gtin: r.gtin,
    required: Number(r.required),
    scanned: Number(r.scanned),
  }));
}

/**
 * The content of each parcel according to the scans since the last reset. A reset zeroes the counters but
 * keeps the scans (history); since scans only append, the latest scans of a SKU summing to its counter are
 * exactly the ones made since.
 */
export async function scannedParcels(
  tx: Queryable,
  shipmentId: string,
  items: readonly PackItem[],
): Promise<{ parcelNo: number; items: { sku: string; qty: number }[] }[]> {
  const { rows } = await tx.query<{ sku_id: string; parcel_no: number; qty: number }>(
    'SELECT sku_id, parcel_no, qty FROM shipment_pack_scans WHERE shipment_id = $1 ORDER BY scan_seq DESC',
    [shipmentId],
  );
  const left = new Map(items.map((i) => [i.skuId, i.scanned]));
  const code = new Map(items.map((i) => [i.skuId, i.sku]));
  const parcels = new Map<number, Map<string, number>>();
  for (const r of rows) {
    const remaining = left.get(r.sku_id) ?? 0;
    if (remaining <= 0) continue;
    const qty = Math.min(remaining, Number(r.qty));
    left.set(r.sku_id, remaining - qty);
    const parcel = parcels.get(r.parcel_no) ?? new Map<string, number>();
    const sku = code.get(r.sku_id)!;
    parcel.set(sku, (parcel.get(sku) ?? 0) + qty);
    parcels.set(r.parcel_no, parcel);
  }
  return [...parcels.entries()]
    .sort(([a], [b]) => a - b)
    .map(([parcelNo, content]) => ({
      parcelNo,
      items: [...content.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([sku, qty]) => ({ sku, qty })),
    }));
}

/** A SKU that a scan names, among the shipment's items, or anywhere in the catalog. */
export async function identifyScan(
  tx: Queryable,
  code: string,
  items: readonly PackItem[],
): Promise<{ item: PackItem | null; catalogSku: string | null }> {
  const scan = parseItemScan(code);
  const item = items.find((i) => scanMatchesSku(scan, { code: i.sku, gtin: i.gtin })) ?? null;
  if (item) return { item, catalogSku: item.sku };
  const { rows } = await tx.query<{ code: string }>(
    `SELECT code FROM skus WHERE lower(code) = lower($1)
        OR ($2::text IS NOT NULL AND gtin IS NOT NULL AND lpad(gtin, 14, '0') = $2) LIMIT 1`,
    [scan.text, scan.gtin14],
  );
  return { item: null, catalogSku: rows[0]?.code ?? null };
}

/**
 * Claims a shipment for a packer at a station (the first scan does). Returns false when someone else (or
 * the same packer at another station) holds it, or it is no longer open.
 */
export async function claimForPacking(
  tx: Queryable,
  shipmentId: string,
  actorId: string,
  station: string | null,
  anyStationOfMine = false,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE shipments SET packing_by = coalesce(packing_by, $2), packing_station = CASE WHEN packing_by IS NULL THEN $3 ELSE packing_station END
      WHERE shipment_id = $1 AND status = 'open'
        AND (packing_by IS NULL
             OR (packing_by = $2 AND (packing_station IS NOT DISTINCT FROM $3 OR ($4 AND $3::text IS NULL))))`,
    [shipmentId, actorId, station, anyStationOfMine],
  );
  return rowCount > 0;
}

export async function packingClaim(
  tx: Queryable,
  shipmentId: string,
): Promise<{ packingBy: string | null; station: string | null }> {
  const { rows } = await tx.query<{ packing_by: string | null; packing_station: string | null }>(
    'SELECT packing_by, packing_station FROM shipments WHERE shipment_id = $1',
    [shipmentId],
  );
  return { packingBy: rows[0]?.packing_by ?? null, station: rows[0]?.packing_station ?? null };
}

export async function hasPackScans(tx: Queryable, shipmentId: string): Promise<boolean> {
  const { rows } = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM shipment_pack_items WHERE shipment_id = $1 AND qty_scanned > 0',
    [shipmentId],
  );
  return (rows[0]?.n ?? 0) > 0;
}

/** A carrier as the API shows it (plain JSON; the adapter stays inside). */
export interface CarrierView {
  code: string;
  name: string;
  kind: 'manual' | 'rate_table';
  services: { code: string; name: string }[];
  rateTable: RateTable | null;
}

export const carrierView = (c: CarrierRecord): CarrierView => ({
  code: c.code,
  name: c.name,
  kind: c.kind,
  services: c.adapter.services(),
  rateTable: c.rateTable,
});
