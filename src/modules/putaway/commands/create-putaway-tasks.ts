import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { resolveSkuRefs, unknownSku } from '../../catalog/index.js';
import { reserveManyInTransaction, resolveWarehouses } from '../../inventory/index.js';
import { RULE_SELECT, type RuleRow } from '../db/rules.js';
import {
  CANDIDATE_BINS,
  type CandidateBinRow,
  type PutawayTask,
  TASK_SELECT,
  type TaskRow,
  toTask,
} from '../db/tasks.js';
import { type PlanBin, type PlanItem, type PlanRule, planPutaway } from '../domain/plan-putaway.js';
import { unknownLocationCode } from '../errors.js';

export interface CreatePutawayTasksInput {
  /** Warehouse code. */
  warehouse: string;
  /** Only this dock (a receiving location of the warehouse); default: every dock of the warehouse. */
  location?: string | undefined;
  /** Only this SKU. */
  sku?: string | undefined;
  /** What the goods came with (a receipt id, a delivery note), copied onto each task. */
  source?: string | undefined;
}

export interface Unplaced {
  sku: string;
  location: string;
  qty: number;
}

export interface PutawayPlanResult {
  tasks: PutawayTask[];
  /** Units no bin the rules allow has room for: they stay at the dock, without a task. */
  unplaced: Unplaced[];
}

interface DockStockRow {
  location_id: string;
  location: string;
  sku_id: string;
  sku: string;
  category: string | null;
  available: string;
}

/**
 * Plans the put-away of every unreserved unit waiting in the warehouse's receiving locations (or the one
 * given, or one SKU): the rules and the bins' free capacity decide (domain/plan-put-away), and each
 * placement becomes an open task holding its units at the dock with its own reservation, so two tasks
 * never carry the same units. Planning is serialized per warehouse (its row is locked) so that two plans
 * never count the same free space twice. What fits nowhere is reported and stays at the dock.
 * Errors: unknown_warehouse, unknown_location, unknown_sku, not_a_receiving_location (422);
 * nothing_to_put_away, no_putaway_location (409).
 */
export async function createPutawayTasks(ctx: Context, input: CreatePutawayTasksInput) {
  return runCommand(ctx, 'putaway.create_tasks', input, async (tx, audit): Promise<PutawayPlanResult> => {
    const [warehouse] = await resolveWarehouses(tx, [input.warehouse], {
      field: 'warehouse',
      scope: ctx.warehouseScope,
    });
    await tx.query('SELECT 1 FROM locations WHERE location_id = $1 FOR NO KEY UPDATE', [warehouse!.id]);
    const dockId = input.location ? await requireDock(tx, input.location, warehouse!) : null;
    let skuId: string | null = null;
    if (input.sku) {
      const sku = (await resolveSkuRefs(tx, [input.sku])).get(input.sku.toLowerCase());
      if (!sku) throw unknownSku(input.sku, 'sku');
      skuId = sku.id;
    }
    const { rows: stock } = await tx.query<DockStockRow>(
      `SELECT b.location_id, l.code AS location, b.sku_id, s.code AS sku, s.category,
                (b.on_hand - b.reserved)::bigint AS available
           FROM stock_balances b
           JOIN locations l ON l.location_id = b.location_id
           JOIN skus s ON s.sku_id = b.sku_id
          WHERE l.warehouse_id = $1 AND l.usage = 'receiving' AND b.is_physical AND NOT s.is_archived
            AND ($2::text IS NULL OR b.location_id = $2) AND ($3::text IS NULL OR b.sku_id = $3)
            AND b.on_hand > b.reserved
          ORDER BY b.location_id COLLATE "C", b.sku_id COLLATE "C"
            FOR UPDATE OF b`,
      [warehouse!.id, dockId, skuId],
    );
    if (stock.length === 0) {
      throw conflict(
        'nothing_to_put_away',
        `Nothing waits to be put away in ${input.location ?? `the receiving locations of ${warehouse!.code}`}${
          input.sku ? ` for ${input.sku}` : ''
        }: every unit there is already on a task or reserved.`,
        { warehouse: warehouse!.code, location: input.location ?? null, sku: input.sku ?? null },
      );
    }
    const { rows: ruleRows } = await tx.query<RuleRow>(
      `${RULE_SELECT} WHERE r.warehouse_id = $1 AND r.is_active`,
      [warehouse!.id],
    );
    const rules: PlanRule[] = ruleRows.map((r) => ({
      id: r.rule_id,
      priority: r.priority,
      kind: r.kind,
      sku: r.sku,
      category: r.category,
      target: r.target,
      isActive: r.is_active,
    }));
    const { rows: binRows } = await tx.query<CandidateBinRow>(CANDIDATE_BINS, [warehouse!.id, null]);
    const bins = binRows.map(toPlanBin);
    const items: PlanItem[] = stock.map((s) => ({
      key: `${s.location_id}\u0000${s.sku_id}`,
      sku: s.sku,
      category: s.category,
      qty: Number(s.available),
    }));
    const plans = planPutaway(items, rules, bins);
    const binIds = new Map(binRows.map((b) => [b.code, b.location_id]));
    const planned = plans.flatMap((p, i) =>
      p.placements.map((pl) => ({ stock: stock[i]!, placement: pl, id: newId('putawayTask') })),
    );
    const unplaced = plans
      .map((p, i) => ({ sku: stock[i]!.sku, location: stock[i]!.location, qty: p.unplaced }))
      .filter((u) => u.qty > 0);
    if (planned.length === 0) {
      throw conflict(
        'no_putaway_location',
        `No bin of ${warehouse!.code} that the put-away rules allow has room for ${unplaced
          .map((u) => `${u.qty} × ${u.sku}`)
          .join(', ')}. Add a rule (POST /v1/putaway-rules), give bins more capacity, or free some space.`,
        { warehouse: warehouse!.code, unplaced },
      );
    }
    const reservations = await reserveManyInTransaction(
      tx,
      ctx,
      planned.map((p) => ({
        lines: [{ sku: p.stock.sku, location: p.stock.location, qty: p.placement.qty }],
        reference: `put-away task ${p.id}`,
      })),
    );
    await tx.query(
      `INSERT INTO putaway_tasks (task_id, warehouse_id, sku_id, from_location_id, suggested_location_id, rule_id,
                                    qty, reservation_id, source, created_by_kind, created_by, request_id)
         SELECT x.id, $1, x.sku, x.src, x.dst, x.rule, x.qty, x.res, $9, $10, $11, $12
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[])
                AS x(id, sku, src, dst, rule, qty, res)`,
      [
        warehouse!.id,
        planned.map((p) => p.id),
        planned.map((p) => p.stock.sku_id),
        planned.map((p) => p.stock.location_id),
        planned.map((p) => binIds.get(p.placement.bin)!),
        planned.map((p) => p.placement.ruleId),
        planned.map((p) => p.placement.qty),
        reservations.map((r) => r.id),
        input.source ?? null,
        ctx.actor.kind,
        ctx.actor.id,
        ctx.requestId,
      ],
    );
    const { rows } = await tx.query<TaskRow>(
      `${TASK_SELECT} WHERE t.task_id = ANY($1::text[]) ORDER BY t.task_id`,
      [planned.map((p) => p.id)],
    );
    const tasks = rows.map(toTask);
    audit.record({
      targetType: 'putaway_task',
      targetId: tasks[0]!.id,
      before: null,
      after: {
        warehouse: warehouse!.code,
        source: input.source ?? null,
        tasks: tasks.map((t) => ({ id: t.id, sku: t.sku, from: t.from, bin: t.suggestedBin, qty: t.qty })),
        unplaced,
      },
      warehouseId: warehouse!.id,
    });
    return { tasks, unplaced };
  });
}

async function requireDock(
  tx: Queryable,
  code: string,
  warehouse: { id: string; code: string },
): Promise<string> {
  const { rows } = await tx.query<{ location_id: string; code: string; usage: string }>(
    'SELECT location_id, code, usage FROM locations WHERE lower(code) = lower($1) AND warehouse_id = $2',
    [code, warehouse.id],
  );
  const dock = rows[0];
  if (!dock) throw unknownLocationCode(code, 'location');
  if (dock.usage !== 'receiving') {
    throw unprocessable(
      'not_a_receiving_location',
      `${dock.code} is a ${dock.usage} location; put-away takes goods from a receiving location (a dock).`,
      { location: dock.code, usage: dock.usage, field: 'location' },
    );
  }
  return dock.location_id;
}

export function toPlanBin(b: CandidateBinRow): PlanBin {
  return {
    code: b.code,
    zone: b.zone,
    usage: b.usage,
    isArchived: b.is_archived,
    capacity: b.capacity_units,
    units: Number(b.units),
    unitsBySku: Object.fromEntries(Object.entries(b.by_sku ?? {}).map(([k, v]) => [k, Number(v)])),
    pickSeq: b.pick_seq,
  };
}
