/**
 * Units of one SKU still in transit, by destination location (upper-cased, as location codes ignore
 * case). The transfers list cannot be filtered by SKU or destination, so the SKU page sums it here.
 */
export function incomingByLocation(
  transfers: readonly { sku: string; to: string; inTransitQty: number }[],
  sku: string,
): Map<string, number> {
  const wanted = sku.toUpperCase();
  const byLocation = new Map<string, number>();
  for (const tr of transfers) {
    if (tr.sku.toUpperCase() !== wanted || tr.inTransitQty <= 0) continue;
    const to = tr.to.toUpperCase();
    byLocation.set(to, (byLocation.get(to) ?? 0) + tr.inTransitQty);
  }
  return byLocation;
}
