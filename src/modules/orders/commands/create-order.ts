import { createHash } from 'node:crypto';
import { type Context, runCommand } from '../../../db/index.js';
import { emitEvents, type NewEvent } from '../../../events/outbox.js';
import { canonicalJson } from '../../../kernel/canonical-json.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { resolveSkuRefs } from '../../catalog/index.js';
import { allocateLines } from '../db/allocation.js';
import { requireIntakeChannel } from '../db/channels.js';
import { type Order, readOrder, recordOrderEvent } from '../db/orders.js';
import { firstMatchingRule } from '../domain/hold-rules.js';
import { orderProblems } from '../domain/order-checks.js';
import {
  type Address,
  deriveStatus,
  missingAddressFields,
  type SentTotals,
  totalsFlags,
} from '../domain/order-status.js';

export interface OrderLineInput {
  sku: string;
  qty: number;
  unitPriceMinor: number;
  discountMinor?: number | undefined;
  taxMinor?: number | undefined;
  externalLineId?: string | undefined;
  title?: string | undefined;
}

export interface CustomerInput {
  externalId?: string | undefined;
  kind?: 'person' | 'business' | undefined;
  name?: string | undefined;
  company?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  taxId?: string | undefined;
  tags?: string[] | undefined;
}

export interface CreateOrderInput {
  channel: string;
  externalId: string;
  placedAt: string;
  promisedAt?: string | undefined;
  currency: string;
  customer?: CustomerInput | undefined;
  shipTo?: Address | undefined;
  billTo?: Address | undefined;
  shippingMethod?: string | undefined;
  paymentStatus?: string | undefined;
  lines: OrderLineInput[];
  totals?: SentTotals | undefined;
  notes?: string | undefined;
  tags?: string[] | undefined;
}

/**
 * The content hash kept with an order to tell a replay (same content) from a conflicting order: SHA-256
 * of the canonical JSON of the intake request. The CSV import checks conflicts with the same function.
 */
export function orderRequestHash(input: CreateOrderInput): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

/** The order row, its lines and the timeline's first event, in one statement; nothing when the key is taken. */
const INSERT_ORDER = {
  name: 'orders_insert_order',
  text: `WITH o AS (
           INSERT INTO orders (order_id, channel_id, external_id, status, placed_at, promised_at, currency, ship_to, bill_to,
                               shipping_method, payment_status, subtotal_minor, discount_minor, shipping_minor, tax_minor,
                               total_minor, notes, tags, request_hash, created_by, updated_by, flags)
           VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                   $18, $19, $19, $20)
           ON CONFLICT (channel_id, external_id) DO NOTHING
           RETURNING order_id
         ), l AS (
           INSERT INTO order_lines (order_id, line_no, sku_id, external_line_id, title, qty_ordered, unit_price_minor,
                                    discount_minor, tax_minor)
           SELECT o.order_id, n, sku, ext, title, qty, price, discount, tax
             FROM o, unnest($21::int[], $22::text[], $23::text[], $24::text[], $25::bigint[], $26::bigint[], $27::bigint[],
                            $28::bigint[]) AS l(n, sku, ext, title, qty, price, discount, tax)
         ), e AS (
           INSERT INTO order_events (order_id, event, from_status, to_status, reason, details, actor_kind, actor_id,
                                     request_id)
           SELECT o.order_id, 'created', NULL, 'pending', NULL, $29::jsonb, $30, $19, $31 FROM o
         )
         SELECT order_id FROM o`,
};

/** The order's status and allocation after its first allocation, and that step on its timeline. */
const SET_ALLOCATED = {
  name: 'orders_set_allocated',
  text: `WITH e AS (
           INSERT INTO order_events (order_id, event, from_status, to_status, reason, details, actor_kind, actor_id,
                                     request_id)
           VALUES ($1, $4, 'pending', $2, $5, $3::jsonb, $6, $7, $8)
         )
         UPDATE orders SET status = $2, allocation = $3::jsonb, updated_at = now(), updated_by = $7
          WHERE order_id = $1`,
};

export interface CreatedOrder {
  order: Order;
  /** True when the same order (channel, external id, same content) was already there: nothing was done. */
  existing: boolean;
}

/**
 * Takes an order from a channel. Keyed by (channel, external id): the same order sent again returns the
 * one already taken and does nothing (also when both arrive at once: the unique key makes the second wait
 * for the first); the same key with different content is 409 `order_conflict` (edits are their own
 * operation). The channel's amounts are kept as sent; what does not add up is flagged, not refused. In the
 * same transaction the lines are allocated (see allocateLines), the timeline starts and the outbox gets
 * `order.created` and `order.allocated` / `order.backordered`; the first matching hold rule puts it on hold.
 * Errors: channel_not_allowed (403); order_conflict (409); unknown_channel, channel_archived,
 * currency_mismatch, address_required, unknown_sku, sku_archived, invalid_quantity (422).
 */
export async function createOrder(ctx: Context, input: CreateOrderInput) {
  for (const [i, l] of input.lines.entries()) positiveQty(l.qty, `lines[${i}].qty`);
  const requestHash = orderRequestHash(input);
  return runCommand(ctx, 'orders.create_order', input, async (tx, audit): Promise<CreatedOrder> => {
    const { channel, shipFrom, holdRules } = await requireIntakeChannel(tx, ctx, input.channel);
    const skus = await resolveSkuRefs(
      tx,
      input.lines.map((l) => l.sku),
    );
    const problem = orderProblems(channel, input, skus)[0];
    const flags = totalsFlags(input.lines, input.totals);
    const lineSkus = input.lines.map((l) => skus.get(l.sku.toLowerCase()));

    // The order, its lines and the start of its timeline in one statement, unless (channel, external id)
    // is taken: then this is a replay (same content) or a conflict.
    const orderId = newId('order');
    const inserted = problem
      ? { rows: [] }
      : await tx.query<{ order_id: string }>(INSERT_ORDER, [
          orderId,
          channel.id,
          input.externalId,
          input.placedAt,
          input.promisedAt ?? null,
          input.currency,
          input.shipTo ? JSON.stringify(input.shipTo) : null,
          input.billTo ? JSON.stringify(input.billTo) : null,
          input.shippingMethod ?? null,
          input.paymentStatus ?? 'unknown',
          input.totals?.subtotalMinor ?? null,
          input.totals?.discountMinor ?? null,
          input.totals?.shippingMinor ?? null,
          input.totals?.taxMinor ?? null,
          input.totals?.totalMinor ?? null,
          input.notes ?? null,
          input.tags ?? [],
          requestHash,
          ctx.actor.id,
          flags,
          input.lines.map((_, i) => i + 1),
          lineSkus.map((s) => s!.id),
          input.lines.map((l) => l.externalLineId ?? null),
          input.lines.map((l) => l.title ?? null),
          input.lines.map((l) => l.qty),
          input.lines.map((l) => l.unitPriceMinor),
          input.lines.map((l) => l.discountMinor ?? 0),
          input.lines.map((l) => l.taxMinor ?? 0),
          JSON.stringify({
            channel: channel.code,
            externalId: input.externalId,
            lines: input.lines.length,
            flags,
          }),
          ctx.actor.kind,
          ctx.requestId,
        ]);
    if (inserted.rows.length === 0) {
      const { rows } = await tx.query<{ order_id: string; request_hash: string }>(
        'SELECT order_id, request_hash FROM orders WHERE channel_id = $1 AND external_id = $2',
        [channel.id, input.externalId],
      );
      const prior = rows[0];
      // Checked after the key: a replay of an accepted order is answered even if the rules changed since.
      if (!prior && problem) throw unprocessable(problem.code, problem.message, problem.details);
      if (!prior) throw new Error(`order ${input.externalId} was neither inserted nor found`);
      if (prior.request_hash !== requestHash) {
        throw conflict(
          'order_conflict',
          `Order ${input.externalId} of channel ${channel.code} was already taken with different content; send an edit instead.`,
          { channel: channel.code, externalId: input.externalId, orderId: prior.order_id },
        );
      }
      audit.skip();
      return { order: await readOrder(tx, prior.order_id, null), existing: true };
    }

    if (input.customer) {
      const c = input.customer;
      const { rows } = await tx.query<{ customer_id: string }>(
        `INSERT INTO customers (customer_id, channel_id, external_id, kind, name, company, email, phone, tax_id, tags,
                                default_shipping, default_billing)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb)
         ON CONFLICT (channel_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
           name = coalesce(EXCLUDED.name, customers.name), company = coalesce(EXCLUDED.company, customers.company),
           email = coalesce(EXCLUDED.email, customers.email), phone = coalesce(EXCLUDED.phone, customers.phone),
           tax_id = coalesce(EXCLUDED.tax_id, customers.tax_id),
           default_shipping = coalesce(EXCLUDED.default_shipping, customers.default_shipping),
           default_billing = coalesce(EXCLUDED.default_billing, customers.default_billing), updated_at = now()
         RETURNING customer_id`,
        [
          newId('customer'),
          channel.id,
          c.externalId ?? null,
          c.kind ?? (c.company ? 'business' : 'person'),
          c.name ?? input.shipTo?.name ?? null,
          c.company ?? null,
          c.email ?? null,
          c.phone ?? null,
          c.taxId ?? null,
          c.tags ?? [],
          input.shipTo ? JSON.stringify(input.shipTo) : null,
          input.billTo ? JSON.stringify(input.billTo) : null,
        ],
      );
      await tx.query('UPDATE orders SET customer_id = $2 WHERE order_id = $1', [
        orderId,
        rows[0]!.customer_id,
      ]);
    }

    const decision = await allocateLines(
      tx,
      ctx,
      {
        id: orderId,
        channel,
        destination: input.shipTo ? { country: input.shipTo.country, region: input.shipTo.region } : null,
      },
      input.lines.map((l, i) => ({
        lineNo: i + 1,
        skuId: lineSkus[i]!.id,
        sku: lineSkus[i]!.code,
        qty: l.qty,
        isKit: lineSkus[i]!.isKit,
      })),
      shipFrom,
    );
    // The lines' buckets are what allocateLines just wrote: the status follows without reading them back.
    const status = deriveStatus(
      input.lines.map((l, i) => {
        const backordered = decision.backordered.find((b) => b.lineNo === i + 1)?.qty ?? 0;
        const cancelled = decision.unfulfilled.find((b) => b.lineNo === i + 1)?.qty ?? 0;
        return {
          ordered: l.qty,
          allocated: l.qty - backordered - cancelled,
          backordered,
          shipped: 0,
          cancelled,
        };
      }),
    );
    const allocation = {
      status: decision.status,
      warehouses: decision.warehouses,
      explanation: decision.explanation,
    };
    await tx.query(SET_ALLOCATED, [
      orderId,
      status,
      JSON.stringify(allocation),
      decision.status === 'backordered' || decision.status === 'unfulfillable' ? 'backordered' : 'allocated',
      decision.explanation[0] ?? null,
      ctx.actor.kind,
      ctx.actor.id,
      ctx.requestId,
    ]);
    const rule = firstMatchingRule(holdRules, {
      channel: channel.code,
      currency: input.currency,
      totalMinor: input.totals?.totalMinor ?? null,
      missingAddressFields: missingAddressFields(input.shipTo),
      hasShipTo: input.shipTo !== undefined,
      customerTags: input.customer?.tags ?? [],
      orderTags: input.tags ?? [],
      shipToCountry: input.shipTo?.country ?? null,
      flags,
      paymentStatus: input.paymentStatus ?? 'unknown',
    });
    const heldEvents: NewEvent[] = [];
    if (rule) {
      const reason = `rule: ${rule.name}`;
      await tx.query('UPDATE orders SET on_hold = true, hold_reason = $2 WHERE order_id = $1', [
        orderId,
        reason,
      ]);
      await recordOrderEvent(tx, ctx, orderId, {
        event: 'held',
        fromStatus: status,
        toStatus: status,
        reason,
        details: { rule: rule.id },
      });
      heldEvents.push({
        type: 'order.held',
        aggregateType: 'order',
        aggregateId: orderId,
        payload: { orderId, channel: channel.code, externalId: input.externalId, reason, rule: rule.id },
      });
    }
    const order = await readOrder(tx, orderId, null);
    const summary = { orderId, channel: channel.code, externalId: input.externalId, status };
    await emitEvents(tx, [
      { type: 'order.created', aggregateType: 'order', aggregateId: orderId, payload: { ...summary, order } },
      decision.picks.length > 0
        ? {
            type: 'order.allocated',
            aggregateType: 'order',
            aggregateId: orderId,
            payload: { ...summary, warehouses: decision.warehouses, explanation: decision.explanation },
          }
        : {
            type: 'order.backordered',
            aggregateType: 'order',
            aggregateId: orderId,
            payload: { ...summary, explanation: decision.explanation },
          },
      ...heldEvents,
    ]);
    audit.record({
      targetType: 'order',
      targetId: orderId,
      before: null,
      after: {
        channel: channel.code,
        externalId: input.externalId,
        status,
        lines: input.lines.length,
        allocation,
      },
    });
    return { order, existing: false };
  });
}
