import type { AuditEntry } from '../../../db/index.js';
import type { BalanceView } from './balances.js';
import type { Move } from './moves.js';

/**
 * The audit entry of a stock command: the on-hand quantity of each physical location it changed, before
 * and after (before = after − the net of the command's moves there), its reason, and its warehouse.
 * One location: target `stock` `<SKU>@<location>`, before/after `{ onHand }`. Several: target the SKU,
 * before/after keyed by location.
 */
export function stockAudit(
  moves: readonly Move[],
  balances: readonly BalanceView[],
  options: { locations: readonly string[]; reason: string | null; warehouseId: string },
): AuditEntry {
  const touched = options.locations
    .map((code) => balances.find((b) => b.location === code))
    .filter((b): b is BalanceView => b !== undefined);
  const net = (b: BalanceView) =>
    moves.reduce(
      (sum, m) =>
        m.sku !== b.sku ? sum : sum + (m.to === b.location ? m.qty : 0) - (m.from === b.location ? m.qty : 0),
      0,
    );
  const sku = touched[0]?.sku ?? moves[0]?.sku ?? null;
  if (touched.length === 1) {
    const b = touched[0]!;
    return {
      targetType: 'stock',
      targetId: `${b.sku}@${b.location}`,
      before: { onHand: b.onHand - net(b) },
      after: { onHand: b.onHand },
      reason: options.reason,
      warehouseId: options.warehouseId,
    };
  }
  return {
    targetType: 'stock',
    targetId: sku,
    before: Object.fromEntries(touched.map((b) => [b.location, { onHand: b.onHand - net(b) }])),
    after: Object.fromEntries(touched.map((b) => [b.location, { onHand: b.onHand }])),
    reason: options.reason,
    warehouseId: options.warehouseId,
  };
}
