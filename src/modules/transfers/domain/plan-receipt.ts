/**
 * How a receipt of a transfer order line spreads over the stock transfers that carry it: oldest pick
 * first, each taking at most what it still has in transit; the damaged units are the first ones taken.
 * Closing short then writes off what each pick still has in transit. Pure; the caller checked that the
 * line has enough in transit (otherwise `over_receipt`).
 */
export interface OpenPick {
  readonly id: string;
  /** Units of this pick still in transit. */
  readonly open: number;
}

export interface PickReceipt {
  readonly id: string;
  readonly good: number;
  readonly damaged: number;
}

export function planReceipt(picks: readonly OpenPick[], qty: number, damaged: number): PickReceipt[] {
  const out: PickReceipt[] = [];
  let rest = qty;
  let damagedRest = Math.min(damaged, qty);
  for (const pick of picks) {
    if (rest <= 0) break;
    const take = Math.min(rest, Math.max(0, pick.open));
    if (take <= 0) continue;
    const bad = Math.min(take, damagedRest);
    out.push({ id: pick.id, good: take - bad, damaged: bad });
    rest -= take;
    damagedRest -= bad;
  }
  return out;
}

/** What a line has in transit: shipped, less received and lost. */
export const inTransit = (line: { shipped: number; received: number; lost: number }) =>
  line.shipped - line.received - line.lost;
