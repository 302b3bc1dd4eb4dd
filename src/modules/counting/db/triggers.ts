import type { Context, Queryable } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import type { NegativeAdjustment } from '../../inventory/index.js';
import { insertOpenTask } from './tasks.js';

/**
 * A negative adjustment (damage, theft, loss, ...) says the ledger was wrong at that bin: open a count
 * task for the bin and SKU (source negative_adjustment) in the adjustment's own transaction, unless one is
 * already open. Registered with inventory by the module's index.
 */
export async function openTaskAfterLoss(
  tx: Queryable,
  ctx: Context,
  adjustment: NegativeAdjustment,
): Promise<void> {
  await insertOpenTask(tx, ctx, {
    id: newId('countTask'),
    warehouseId: adjustment.warehouseId,
    locationId: adjustment.locationId,
    skuId: adjustment.skuId,
    source: 'negative_adjustment',
  });
}
