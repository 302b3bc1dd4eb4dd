import type { Queryable } from '../db/index.js';
import { newId } from '../kernel/ids.js';

/**
 * The transactional outbox: an event is appended in the transaction of the change that caused it, so it
 * exists exactly when the change committed. Delivery (webhooks) reads it afterwards, at least once; the
 * event id lets receivers drop duplicates. Names are `<noun>.<past-verb>`.
 */
export type EventType =
  | 'order.created'
  | 'order.allocated'
  | 'order.backordered'
  | 'order.held'
  | 'order.released'
  | 'order.cancelled'
  | 'order.updated'
  | 'order.shipped'
  | 'order.delivered'
  | 'stock.changed'
  | 'stock.low'
  | 'return.authorised'
  | 'return.received'
  | 'return.closed'
  | 'receipt.posted'
  | 'transfer.shipped'
  | 'transfer.received';

export interface NewEvent {
  readonly type: EventType;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly payload: Record<string, unknown>;
}

const INSERT = {
  name: 'outbox_insert',
  text: `INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
};

/** Appends events in the caller's transaction; returns their ids. */
export async function emitEvents(tx: Queryable, events: readonly NewEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const ids = events.map(() => newId('event'));
  await tx.query(INSERT, [
    ids,
    events.map((e) => e.type),
    events.map((e) => e.aggregateType),
    events.map((e) => e.aggregateId),
    events.map((e) => JSON.stringify(e.payload)),
  ]);
  return ids;
}
