import type { Context, Db } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';

/**
 * A mistake a pick or pack station caught (wrong bin, wrong item, over-scan…), recorded after the refusal in
 * a transaction of its own: the refused command wrote nothing, the floor report still learns of it.
 */
export async function recordWarehouseException(
  db: Db,
  ctx: Pick<Context, 'actor'>,
  input: {
    kind: 'pick' | 'pack';
    warehouseId: string;
    code: string;
    shipmentId: string;
    pickTaskId?: string | undefined;
    scanned: string | null;
  },
): Promise<void> {
  await db.transaction((tx) =>
    tx.query(
      `INSERT INTO warehouse_exceptions (exception_id, warehouse_id, kind, code, shipment_id, pick_task_id, scanned,
                                         actor_kind, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6, left($7, 200), $8, $9)`,
      [
        newId('warehouseException'),
        input.warehouseId,
        input.kind,
        input.code,
        input.shipmentId,
        input.pickTaskId ?? null,
        input.scanned?.trim() ?? null,
        ctx.actor.kind,
        ctx.actor.id,
      ],
    ),
  );
}
