import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { notFound } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { findChannel } from '../db/channels.js';
import type { HoldCondition, HoldRule } from '../domain/hold-rules.js';
import { unknownChannel } from '../errors.js';

export interface HoldRuleInput {
  name: string;
  channel?: string | null | undefined;
  condition: HoldCondition;
  priority?: number | undefined;
  isActive?: boolean | undefined;
}

const SELECT = `SELECT r.rule_id, r.name, c.code AS channel, r.condition, r.priority, r.is_active, r.version
                  FROM hold_rules r LEFT JOIN channels c ON c.channel_id = r.channel_id`;

interface Row {
  rule_id: string;
  name: string;
  channel: string | null;
  condition: HoldCondition;
  priority: number;
  is_active: boolean;
  version: number;
}
const toRule = (r: Row): HoldRule & { version: number } => ({
  id: r.rule_id,
  name: r.name,
  channel: r.channel,
  condition: r.condition,
  priority: r.priority,
  isActive: r.is_active,
  version: r.version,
});

export async function listHoldRules(ctx: Context) {
  const { rows } = await ctx.db.query<Row>(`${SELECT} ORDER BY r.priority, lower(r.name)`);
  return { items: rows.map(toRule) };
}

async function channelId(tx: Queryable, ref: string | null | undefined): Promise<string | null> {
  if (ref === undefined || ref === null) return null;
  const channel = await findChannel(tx, ref);
  if (!channel) throw unknownChannel(ref);
  return channel.id;
}

/**
 * Creates a hold rule: a named condition over new orders (total above, address incomplete, customer or
 * order tags, destination countries, flagged amounts, payment status), for one channel or all.
 * Errors: hold_rule_name_taken (409); unknown_channel (422).
 */
export async function createHoldRule(ctx: Context, input: HoldRuleInput) {
  return runCommand(ctx, 'orders.create_hold_rule', input, async (tx, audit) => {
    const id = newId('holdRule');
    await tx.query(
      `INSERT INTO hold_rules (rule_id, name, channel_id, condition, priority, is_active, created_by, updated_by)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $7)`,
      [
        id,
        input.name.trim(),
        await channelId(tx, input.channel),
        JSON.stringify(input.condition),
        input.priority ?? 100,
        input.isActive ?? true,
        ctx.actor.id,
      ],
    );
    const { rows } = await tx.query<Row>(`${SELECT} WHERE r.rule_id = $1`, [id]);
    const rule = toRule(rows[0]!);
    audit.record({ targetType: 'hold_rule', targetId: id, before: null, after: rule });
    return rule;
  });
}

/** Changes a hold rule. Errors: hold_rule_not_found (404); hold_rule_name_taken (409); unknown_channel (422). */
export async function updateHoldRule(ctx: Context, id: string, input: Partial<HoldRuleInput>) {
  return runCommand(ctx, 'orders.update_hold_rule', { id, ...input }, async (tx, audit) => {
    const { rows: found } = await tx.query<Row>(`${SELECT} WHERE r.rule_id = $1 FOR UPDATE OF r`, [id]);
    if (!found[0]) throw notFound('hold_rule_not_found', `No hold rule ${id}.`, { holdRule: id });
    const before = toRule(found[0]);
    await tx.query(
      `UPDATE hold_rules SET name = coalesce($2, name),
              channel_id = CASE WHEN $3::boolean THEN $4 ELSE channel_id END,
              condition = coalesce($5::jsonb, condition), priority = coalesce($6, priority),
              is_active = coalesce($7, is_active), version = version + 1, updated_at = now(), updated_by = $8
        WHERE rule_id = $1`,
      [
        id,
        input.name?.trim() ?? null,
        input.channel !== undefined,
        await channelId(tx, input.channel),
        input.condition ? JSON.stringify(input.condition) : null,
        input.priority ?? null,
        input.isActive ?? null,
        ctx.actor.id,
      ],
    );
    const { rows } = await tx.query<Row>(`${SELECT} WHERE r.rule_id = $1`, [id]);
    const after = toRule(rows[0]!);
    audit.record({ targetType: 'hold_rule', targetId: id, before, after });
    return after;
  });
}
