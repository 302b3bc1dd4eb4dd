import type { Context, Queryable } from '../../../db/index.js';
import type { BalanceView } from '../db/balances.js';
import { writeLedger } from '../db/ledger.js';
import type { LocationRef } from '../db/locations.js';
import type { Move } from '../db/moves.js';
import { resolveStockRefs } from '../db/refs.js';

export interface ReceiveReturnInput {
  /** A physical location; the units come from its warehouse's customer location. */
  location: string;
  lines: readonly { sku: string; qty: number }[];
  reference?: string | undefined;
  note?: string | undefined;
}

/**
 * Units a customer sent back, inside the caller's transaction (the returns module): one move per line from
 * the warehouse's customer location (where shipping posted them) to the given physical location, type
 * `receipt`, reason `return`. Archived SKUs may come back. The caller validated the quantities (> 0) and
 * chose the location. Returns the moves in the order of the lines and every balance they touched.
 * Errors: unknown_sku, unknown_location, location_not_physical, location_archived (422).
 */
export async function receiveReturnInTransaction(
  tx: Queryable,
  ctx: Context,
  input: ReceiveReturnInput,
): Promise<{ location: LocationRef; moves: Move[]; balances: BalanceView[] }> {
  const refs = await resolveStockRefs(tx, {
    skus: input.lines.map((l) => l.sku),
    locations: [input.location],
    virtualKind: 'customer',
    lock: true,
    scope: ctx.warehouseScope,
  });
  const to = refs.location({ code: input.location, field: 'location', physical: true, receiving: true });
  const from = refs.virtual(to.warehouseId);
  const { moves, balances } = await writeLedger(tx, ctx, {
    moves: input.lines.map((l) => ({
      sku: refs.sku(l.sku, { active: false }),
      from,
      to,
      qty: l.qty,
      type: 'receipt' as const,
      reason: 'return',
      reference: input.reference,
      note: input.note,
    })),
  });
  return { location: to, moves, balances };
}
