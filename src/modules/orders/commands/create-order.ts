import { createHash } from 'node:crypto';
import { type Context, runCommand } from '../../../db/index.js';
import { emitEvents, type NewEvent } from '../../../events/outbox.js';
import { canonicalJson } from '../../../kernel/canonical-json.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { resolveSkuRefs } from '../../catalog/index.js';
import { allocateLines } from '../db/allocation.js';
import { requireOrderChannel } from '../db/channels.js';
import { refreshStatus } from '../db/lines.js';
import { type Order, readOrder, recordOrderEvent } from '../db/orders.js';
import { firstMatchingRule } from '../domain/hold-rules.js';
import { orderProblems } from '../domain/order-checks.js';
import { type Address, missingAddressFields, type SentTotals, totalsFlags } from '../domain/order-status.js';
import { activeHoldRules } from './hold-rules.js';

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
    const channel = await requireOrderChannel(tx, ctx, input.channel);

    const orderId = newId('order');
    const inserted = await tx.query<{ order_id: string }>(
      `INSERT INTO orders (order_id, channel_id, external_id, status, placed_at, promised_at, currency, ship_to, bill_to,
                           shipping_method, payment_status, subtotal_minor, discount_minor, shipping_minor, tax_minor,
                           total_minor, notes, tags, request_hash, created_by, updated_by)
       VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
               $19, $19)
       ON CONFLICT (channel_id, external_id) DO NOTHING
       RETURNING order_id`,
      [
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
      ],
    );
    if (inserted.rowCount === 0) {
      const { rows } = await tx.query<{ order_id: string; request_hash: string }>(
        'SELECT order_id, request_hash FROM orders WHERE channel_id = $1 AND external_id = $2',
        [channel.id, input.externalId],
      );
      const prior = rows[0]!;
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

    // Checked after the key: a replay of an accepted order is answered even if the rules changed since.
    const skus = await resolveSkuRefs(
      tx,
      input.lines.map((l) => l.sku),
    );
    const problem = orderProblems(channel, input, skus)[0];
    if (problem) throw unprocessable(problem.code, problem.message, problem.details);
    const lineSkus = input.lines.map((l) => skus.get(l.sku.toLowerCase())!);

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

    await tx.query(
      `INSERT INTO order_lines (order_id, line_no, sku_id, external_line_id, title, qty_ordered, unit_price_minor,
                                discount_minor, tax_minor)
       SELECT $1, n, sku, ext, title, qty, price, discount, tax
         FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[])
              AS l(n, sku, ext, title, qty, price, discount, tax)`,
      [
        orderId,
        input.lines.map((_, i) => i + 1),
        lineSkus.map((s) => s.id),
        input.lines.map((l) => l.externalLineId ?? null),
        input.lines.map((l) => l.title ?? null),
        input.lines.map((l) => l.qty),
        input.lines.map((l) => l.unitPriceMinor),
        input.lines.map((l) => l.discountMinor ?? 0),
        input.lines.map((l) => l.taxMinor ?? 0),
      ],
    );
    const flags = totalsFlags(input.lines, input.totals);
    await recordOrderEvent(tx, ctx, orderId, {
      event: 'created',
      toStatus: 'pending',
      details: { channel: channel.code, externalId: input.externalId, lines: input.lines.length, flags },
    });

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
      })),
    );
    const status = await refreshStatus(tx, ctx, orderId, { bumpVersion: false });
    const allocation = {
      status: decision.status,
      warehouses: decision.warehouses,
      explanation: decision.explanation,
    };
    await tx.query('UPDATE orders SET allocation = $2::jsonb, flags = $3 WHERE order_id = $1', [
      orderId,
      JSON.stringify(allocation),
      flags,
    ]);
    await recordOrderEvent(tx, ctx, orderId, {
      event:
        decision.status === 'backordered' || decision.status === 'unfulfillable'
          ? 'backordered'
          : 'allocated',
      fromStatus: 'pending',
      toStatus: status,
      reason: decision.explanation[0] ?? null,
      details: allocation,
    });
    const rule = firstMatchingRule(await activeHoldRules(tx, channel.id), {
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
