/**
 * Where a transfer order line's units leave from: the source warehouse's bins in their order (pick
 * sequence, then code), each giving what it has available, until the line's quantity is covered. Several
 * bins give several picks, each carried by its own stock transfer. Pure: the caller reads the bins and
 * applies the picks through the ledger, whose guarded statement re-checks every bin.
 */
export interface BinStock {
  readonly location: string;
  /** On hand minus reserved; never promised twice because the ledger re-checks it. */
  readonly available: number;
}

export interface Pick {
  readonly location: string;
  readonly qty: number;
}

export interface PickPlan {
  readonly picks: Pick[];
  /** Units no bin could give (0 when the line is covered). */
  readonly short: number;
}

export function planPicks(qty: number, bins: readonly BinStock[]): PickPlan {
  const picks: Pick[] = [];
  let rest = qty;
  for (const bin of bins) {
    if (rest <= 0) break;
    const take = Math.min(rest, Math.max(0, bin.available));
    if (take <= 0) continue;
    picks.push({ location: bin.location, qty: take });
    rest -= take;
  }
  return { picks, short: Math.max(0, rest) };
}
