/**
 * An order's status follows from its lines' quantity buckets (the lines are the truth; the status is a
 * summary kept beside them). Pure.
 */
export type OrderStatus =
  | 'pending'
  | 'allocated'
  | 'partially_allocated'
  | 'backordered'
  | 'in_fulfilment'
  | 'partially_shipped'
  | 'shipped'
  | 'delivered'
  | 'cancelled';

export interface LineBuckets {
  ordered: number;
  allocated: number;
  backordered: number;
  shipped: number;
  cancelled: number;
  /** Allocated units an open shipment holds (part of `allocated`). */
  inFulfilment?: number | undefined;
}

/** Units of a line still waiting for a decision (neither allocated, backordered, shipped nor cancelled). */
export const pendingOf = (l: LineBuckets) =>
  l.ordered - l.allocated - l.backordered - l.shipped - l.cancelled;

/**
 * `delivered`: every shipment that carried the order's shipped units is delivered (the caller knows; lines
 * do not).
 */
export function deriveStatus(
  lines: readonly LineBuckets[],
  options: { delivered?: boolean } = {},
): OrderStatus {
  const live = lines.map((l) => ({ ...l, live: l.ordered - l.cancelled }));
  const total = live.reduce((s, l) => s + l.live, 0);
  if (total === 0) return 'cancelled';
  const shipped = live.reduce((s, l) => s + l.shipped, 0);
  const allocated = live.reduce((s, l) => s + l.allocated, 0);
  const backordered = live.reduce((s, l) => s + l.backordered, 0);
  const inFulfilment = live.reduce((s, l) => s + (l.inFulfilment ?? 0), 0);
  if (shipped === total) return options.delivered ? 'delivered' : 'shipped';
  if (shipped > 0) return 'partially_shipped';
  if (inFulfilment > 0) return 'in_fulfilment';
  if (allocated === total) return 'allocated';
  if (allocated > 0) return 'partially_allocated';
  if (backordered > 0) return 'backordered';
  return 'pending';
}

/** Statuses in which an order can still be cancelled (something is not shipped yet). */
export const CANCELLABLE: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'pending',
  'allocated',
  'partially_allocated',
  'backordered',
  'in_fulfilment',
  'partially_shipped',
]);

export interface Address {
  name: string;
  company?: string | undefined;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode?: string | undefined;
  country: string;
  phone?: string | undefined;
  email?: string | undefined;
}

/** The fields a shipping address lacks, by name. */
export function missingAddressFields(address: Partial<Address> | undefined | null): string[] {
  const required: (keyof Address)[] = ['name', 'line1', 'city', 'country'];
  return required.filter((f) => {
    const v = address?.[f];
    return typeof v !== 'string' || v.trim() === '';
  });
}

export interface SentTotals {
  subtotalMinor?: number | undefined;
  discountMinor?: number | undefined;
  shippingMinor?: number | undefined;
  taxMinor?: number | undefined;
  totalMinor?: number | undefined;
}

/**
 * What does not add up in the amounts a channel sent. Channels' own examples are not always
 * self-consistent: these are flags on the order, never reasons to refuse it.
 */
export function totalsFlags(
  lines: readonly { qty: number; unitPriceMinor: number; discountMinor?: number | undefined }[],
  totals: SentTotals | undefined,
): string[] {
  if (!totals) return [];
  const flags: string[] = [];
  const gross = lines.reduce((s, l) => s + l.qty * l.unitPriceMinor, 0);
  const lineDiscounts = lines.reduce((s, l) => s + (l.discountMinor ?? 0), 0);
  if (
    totals.subtotalMinor !== undefined &&
    totals.subtotalMinor !== gross &&
    totals.subtotalMinor !== gross - lineDiscounts
  ) {
    flags.push('subtotal_mismatch');
  }
  if (totals.totalMinor !== undefined && totals.subtotalMinor !== undefined) {
    const expected =
      totals.subtotalMinor -
      (totals.discountMinor ?? 0) +
      (totals.shippingMinor ?? 0) +
      (totals.taxMinor ?? 0);
    // Tax-inclusive prices (VAT) add no tax on top: either reading is accepted.
    const inclusive = expected - (totals.taxMinor ?? 0);
    if (totals.totalMinor !== expected && totals.totalMinor !== inclusive) flags.push('total_mismatch');
  }
  return flags;
}
