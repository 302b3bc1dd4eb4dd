/**
 * The ledger's rules as a pure model: a move takes qty of a SKU from one location to another; a physical
 * location may not hold less than it has reserved (so never less than zero); a reservation holds
 * available stock at a physical location until it is posted (becomes a move) or released.
 * Property tests drive this model with random operations; the database enforces the same rules with
 * guarded statements and CHECK constraints, and `coulisse check` re-derives balances from moves.
 */
export interface ModelMove {
  readonly sku: string;
  readonly from: string;
  readonly to: string;
  readonly qty: number;
}

export interface Balance {
  onHand: number;
  reserved: number;
}

export class LedgerModel {
  readonly balances = new Map<string, Balance>();
  readonly moves: ModelMove[] = [];

  constructor(readonly isPhysical: (location: string) => boolean) {}

  private key(location: string, sku: string) {
    return `${location}|${sku}`;
  }

  balance(location: string, sku: string): Balance {
    return this.balances.get(this.key(location, sku)) ?? { onHand: 0, reserved: 0 };
  }

  available(location: string, sku: string): number {
    const b = this.balance(location, sku);
    return b.onHand - b.reserved;
  }

  /** Applies a move if the rules allow it; returns whether it did. `fromReserved` consumes reserved units. */
  move(m: ModelMove, fromReserved = 0): boolean {
    if (m.qty <= 0 || !Number.isInteger(m.qty) || m.from === m.to) return false;
    const from = this.balance(m.from, m.sku);
    const nextFrom = { onHand: from.onHand - m.qty, reserved: from.reserved - fromReserved };
    if (nextFrom.reserved < 0) return false;
    if (this.isPhysical(m.from) && nextFrom.onHand < nextFrom.reserved) return false;
    const to = this.balance(m.to, m.sku);
    this.balances.set(this.key(m.from, m.sku), nextFrom);
    this.balances.set(this.key(m.to, m.sku), { onHand: to.onHand + m.qty, reserved: to.reserved });
    this.moves.push(m);
    return true;
  }

  /** Reserves qty at a physical location if that much is available. */
  reserve(location: string, sku: string, qty: number): boolean {
    if (!this.isPhysical(location) || qty <= 0 || this.available(location, sku) < qty) return false;
    const b = this.balance(location, sku);
    this.balances.set(this.key(location, sku), { onHand: b.onHand, reserved: b.reserved + qty });
    return true;
  }

  release(location: string, sku: string, qty: number): boolean {
    const b = this.balance(location, sku);
    if (qty <= 0 || b.reserved < qty) return false;
    this.balances.set(this.key(location, sku), { onHand: b.onHand, reserved: b.reserved - qty });
    return true;
  }

  /** Re-derives on-hand balances from the moves alone. */
  deriveOnHand(): Map<string, number> {
    const out = new Map<string, number>();
    for (const m of this.moves) {
      out.set(this.key(m.from, m.sku), (out.get(this.key(m.from, m.sku)) ?? 0) - m.qty);
      out.set(this.key(m.to, m.sku), (out.get(this.key(m.to, m.sku)) ?? 0) + m.qty);
    }
    return out;
  }
}
