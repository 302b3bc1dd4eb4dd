import type { Queryable } from '../../../db/index.js';
import { supplierArchived, supplierNotFound, unknownSupplier } from '../errors.js';

export interface SupplierAddress {
  line1?: string;
  line2?: string;
  city?: string;
  postalCode?: string;
  region?: string;
  country?: string;
}

export interface Supplier {
  id: string;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: SupplierAddress | null;
  currency: string;
  leadTimeDays: number;
  paymentTerms: string | null;
  overReceiptToleranceBp: number;
  isArchived: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SupplierRow {
  supplier_id: string;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: SupplierAddress | null;
  currency: string;
  lead_time_days: number;
  payment_terms: string | null;
  over_receipt_tolerance_bp: number;
  is_archived: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const SUPPLIER_COLUMNS = `supplier_id, code, name, email, phone, address, currency, lead_time_days,
  payment_terms, over_receipt_tolerance_bp, is_archived, version, created_at, updated_at`;

export function toSupplier(r: SupplierRow): Supplier {
  return {
    id: r.supplier_id,
    code: r.code,
    name: r.name,
    email: r.email,
    phone: r.phone,
    address: r.address,
    currency: r.currency,
    leadTimeDays: r.lead_time_days,
    paymentTerms: r.payment_terms,
    overReceiptToleranceBp: r.over_receipt_tolerance_bp,
    isArchived: r.is_archived,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Finds a supplier by code (case-insensitive). Errors: supplier_not_found (404). */
export async function readSupplier(q: Queryable, code: string, lock = false): Promise<Supplier> {
  const { rows } = await q.query<SupplierRow>(
    `SELECT ${SUPPLIER_COLUMNS} FROM suppliers WHERE lower(code) = lower($1)${lock ? ' FOR UPDATE' : ''}`,
    [code],
  );
  if (!rows[0]) throw supplierNotFound(code);
  return toSupplier(rows[0]);
}

/** A supplier named in a request body: unknown is a 422, archived too. */
export async function resolveSupplier(q: Queryable, code: string, field = 'supplier'): Promise<Supplier> {
  const { rows } = await q.query<SupplierRow>(
    `SELECT ${SUPPLIER_COLUMNS} FROM suppliers WHERE lower(code) = lower($1)`,
    [code],
  );
  if (!rows[0]) throw unknownSupplier(code, field);
  const s = toSupplier(rows[0]);
  if (s.isArchived) throw supplierArchived(s.code);
  return s;
}

export interface SupplierSku {
  sku: string;
  skuId: string;
  supplierSku: string | null;
  costMinor: number;
  currency: string;
  packSize: number;
  minOrderQty: number;
  updatedAt: string;
}

export interface SupplierSkuRow {
  sku: string;
  sku_id: string;
  supplier_sku: string | null;
  cost_minor: number;
  currency: string;
  pack_size: number;
  min_order_qty: number;
  updated_at: Date;
}

export const SUPPLIER_SKU_SELECT = `SELECT k.code AS sku, ss.sku_id, ss.supplier_sku, ss.cost_minor, ss.currency,
  ss.pack_size, ss.min_order_qty, ss.updated_at FROM supplier_skus ss JOIN skus k ON k.sku_id = ss.sku_id`;

export function toSupplierSku(r: SupplierSkuRow): SupplierSku {
  return {
    sku: r.sku,
    skuId: r.sku_id,
    supplierSku: r.supplier_sku,
    costMinor: Number(r.cost_minor),
    currency: r.currency,
    packSize: r.pack_size,
    minOrderQty: r.min_order_qty,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The supplier's terms for the given SKU ids, by sku id. */
export async function readSupplierSkus(
  q: Queryable,
  supplierId: string,
  skuIds: readonly string[],
): Promise<Map<string, SupplierSku>> {
  const { rows } = await q.query<SupplierSkuRow>(
    `${SUPPLIER_SKU_SELECT} WHERE ss.supplier_id = $1 AND ss.sku_id = ANY($2::text[])`,
    [supplierId, skuIds],
  );
  return new Map(rows.map((r) => [r.sku_id, toSupplierSku(r)]));
}
