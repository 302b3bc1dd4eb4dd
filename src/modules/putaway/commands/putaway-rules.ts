import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import { resolveSkuRefs, unknownSku } from '../../catalog/index.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { type PutawayRule, RULE_SELECT, type RuleRow, toRule } from '../db/rules.js';
import type { PutawayRuleKind } from '../domain/plan-putaway.js';
import { invalidPutawayRule, putawayRuleNotFound, unknownLocationCode } from '../errors.js';

export interface CreatePutawayRuleInput {
  warehouse: string;
  priority: number;
  kind: PutawayRuleKind;
  /** Match one SKU (required for fixed_bin)... */
  sku?: string | null | undefined;
  /** ...or one category; neither: every SKU. */
  category?: string | null | undefined;
  /** A bin code (fixed_bin) or a zone code (zone, overflow) of the warehouse. */
  target: string;
  isActive?: boolean | undefined;
}

export interface UpdatePutawayRuleInput {
  priority?: number | undefined;
  target?: string | undefined;
  isActive?: boolean | undefined;
}

/** A location of the warehouse by code, with its kind (the rule's foreign key checks the kind). */
async function requireTarget(tx: Queryable, code: string, warehouseId: string) {
  const { rows } = await tx.query<{ location_id: string; kind: string }>(
    'SELECT location_id, kind FROM locations WHERE lower(code) = lower($1) AND warehouse_id = $2',
    [code, warehouseId],
  );
  if (!rows[0]) throw unknownLocationCode(code, 'target');
  return rows[0];
}

async function readRule(tx: Queryable, id: string): Promise<PutawayRule> {
  const { rows } = await tx.query<RuleRow>(`${RULE_SELECT} WHERE r.rule_id = $1`, [id]);
  return toRule(rows[0]!);
}

const ruleFields = (r: PutawayRule) => ({
  priority: r.priority,
  kind: r.kind,
  sku: r.sku,
  category: r.category,
  target: r.target,
  isActive: r.isActive,
});

/**
 * Adds a put-away rule to a warehouse: fixed_bin (one SKU's home bin), zone (any bin of the zone) or
 * overflow (a zone tried after every other rule), matching one SKU, one category or every SKU. The target's
 * kind and warehouse are checked by the database (a composite foreign key).
 * Errors: unknown_warehouse, unknown_sku, unknown_location, invalid_putaway_rule, invalid_putaway_target (422).
 */
export async function createPutawayRule(ctx: Context, input: CreatePutawayRuleInput) {
  const category = input.category?.trim() || null;
  if (input.sku && category)
    throw invalidPutawayRule('A rule matches one SKU or one category, not both; leave one out.', 'category');
  if (input.kind === 'fixed_bin' && !input.sku)
    throw invalidPutawayRule('A fixed_bin rule names the SKU whose home the bin is.', 'sku');
  return runCommand(ctx, 'putaway.create_rule', input, async (tx, audit): Promise<PutawayRule> => {
    const [warehouse] = await resolveWarehouses(tx, [input.warehouse], {
      field: 'warehouse',
      scope: ctx.warehouseScope,
    });
    let skuId: string | null = null;
    if (input.sku) {
      const sku = (await resolveSkuRefs(tx, [input.sku])).get(input.sku.toLowerCase());
      if (!sku) throw unknownSku(input.sku, 'sku');
      skuId = sku.id;
    }
    const target = await requireTarget(tx, input.target, warehouse!.id);
    const id = newId('putawayRule');
    await tx.query(
      `INSERT INTO putaway_rules (rule_id, warehouse_id, priority, kind, sku_id, category, target_location_id,
                                  target_kind, is_active, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [
        id,
        warehouse!.id,
        input.priority,
        input.kind,
        skuId,
        category,
        target.location_id,
        target.kind,
        input.isActive ?? true,
        ctx.actor.id,
      ],
    );
    const rule = await readRule(tx, id);
    audit.record({
      targetType: 'putaway_rule',
      targetId: id,
      before: null,
      after: ruleFields(rule),
      warehouseId: warehouse!.id,
    });
    return rule;
  });
}

/**
 * Changes a rule's priority, target or whether it is active. Errors: putaway_rule_not_found (404, also
 * outside the caller's warehouses); unknown_location, invalid_putaway_target (422).
 */
export async function updatePutawayRule(ctx: Context, id: string, input: UpdatePutawayRuleInput) {
  return runCommand(ctx, 'putaway.update_rule', { id, ...input }, async (tx, audit): Promise<PutawayRule> => {
    const { rows } = await tx.query<{ warehouse_id: string }>(
      `SELECT warehouse_id FROM putaway_rules
          WHERE rule_id = $1 AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[])) FOR UPDATE`,
      [id, ctx.warehouseScope],
    );
    if (!rows[0]) throw putawayRuleNotFound(id);
    const before = await readRule(tx, id);
    const target = input.target ? await requireTarget(tx, input.target, rows[0].warehouse_id) : null;
    await tx.query(
      `UPDATE putaway_rules SET priority = coalesce($2, priority), is_active = coalesce($3, is_active),
                target_location_id = coalesce($4, target_location_id), target_kind = coalesce($5, target_kind),
                updated_at = now(), updated_by = $6
          WHERE rule_id = $1`,
      [
        id,
        input.priority ?? null,
        input.isActive ?? null,
        target?.location_id ?? null,
        target?.kind ?? null,
        ctx.actor.id,
      ],
    );
    const rule = await readRule(tx, id);
    const b = ruleFields(before) as Record<string, unknown>;
    const a = ruleFields(rule) as Record<string, unknown>;
    const changed = Object.keys(a).filter((k) => a[k] !== b[k]);
    audit.record({
      targetType: 'putaway_rule',
      targetId: id,
      before: Object.fromEntries(changed.map((k) => [k, b[k]])),
      after: Object.fromEntries(changed.map((k) => [k, a[k]])),
      warehouseId: rows[0].warehouse_id,
    });
    return rule;
  });
}
