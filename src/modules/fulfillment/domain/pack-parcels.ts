/**
 * Whether the parcels a packer lists hold exactly what a shipment must contain: every SKU of the parcels
 * is one of the shipment's, and the totals per SKU equal what is required — no more, no less. Pure; SKU
 * codes are compared case-insensitively and reported as the shipment spells them.
 */
export type ParcelContentCheck =
  | { ok: true; parcels: { parcelNo: number; items: { sku: string; qty: number }[] }[] }
  | { ok: false; code: 'item_not_in_shipment'; sku: string; parcelNo: number }
  | { ok: false; code: 'over_scan'; sku: string; required: number; packed: number }
  | { ok: false; code: 'packing_incomplete'; missing: { sku: string; required: number; scanned: number }[] };

export function checkParcelContents(
  required: readonly { sku: string; qty: number }[],
  parcels: readonly { parcelNo: number; items: readonly { sku: string; qty: number }[] }[],
): ParcelContentCheck {
  const byKey = new Map(required.map((r) => [r.sku.toLowerCase(), r]));
  const packed = new Map<string, number>();
  const out: { parcelNo: number; items: { sku: string; qty: number }[] }[] = [];
  for (const parcel of parcels) {
    const content = new Map<string, number>();
    for (const item of parcel.items) {
      const req = byKey.get(item.sku.toLowerCase());
      if (!req) return { ok: false, code: 'item_not_in_shipment', sku: item.sku, parcelNo: parcel.parcelNo };
      content.set(req.sku, (content.get(req.sku) ?? 0) + item.qty);
      packed.set(req.sku, (packed.get(req.sku) ?? 0) + item.qty);
    }
    out.push({
      parcelNo: parcel.parcelNo,
      items: [...content.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([sku, qty]) => ({ sku, qty })),
    });
  }
  for (const r of required) {
    const n = packed.get(r.sku) ?? 0;
    if (n > r.qty) return { ok: false, code: 'over_scan', sku: r.sku, required: r.qty, packed: n };
  }
  const missing = required
    .filter((r) => (packed.get(r.sku) ?? 0) < r.qty)
    .map((r) => ({ sku: r.sku, required: r.qty, scanned: packed.get(r.sku) ?? 0 }));
  if (missing.length > 0) return { ok: false, code: 'packing_incomplete', missing };
  return { ok: true, parcels: out };
}
