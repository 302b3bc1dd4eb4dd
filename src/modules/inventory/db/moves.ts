import type { SkuRef } from '../../catalog/index.js';
import type { MoveType } from '../domain/reasons.js';
import type { LocationRef } from './locations.js';

export interface Move {
  id: string;
  seq: number;
  sku: string;
  from: string;
  to: string;
  qty: number;
  type: MoveType;
  reason: string;
  reference: string | null;
  note: string | null;
  reservationId: string | null;
  transferId: string | null;
  actor: { kind: string; id: string };
  requestId: string | null;
  occurredAt: string;
  recordedAt: string;
}

export interface NewMove {
  readonly sku: SkuRef;
  readonly from: LocationRef;
  readonly to: LocationRef;
  readonly qty: number;
  readonly type: MoveType;
  readonly reason: string;
  readonly reference?: string | null | undefined;
  readonly note?: string | null | undefined;
  readonly reservationId?: string | null | undefined;
  readonly transferId?: string | null | undefined;
  readonly occurredAt?: string | null | undefined;
  /** Reserved units at the source that this move consumes (a posted reservation). */
  readonly fromReserved?: number | undefined;
}

export interface MoveRow {
  move_id: string;
  move_seq: number;
  sku_code: string;
  from_code: string;
  to_code: string;
  qty: number;
  move_type: MoveType;
  reason: string;
  reference: string | null;
  note: string | null;
  reservation_id: string | null;
  transfer_id: string | null;
  actor_kind: string;
  actor_id: string;
  request_id: string | null;
  occurred_at: Date;
  recorded_at: Date;
}

export const MOVE_SELECT = `
  SELECT m.move_id, m.move_seq, s.code AS sku_code, f.code AS from_code, t.code AS to_code, m.qty, m.move_type,
         m.reason, m.reference, m.note, m.reservation_id, m.transfer_id, m.actor_kind, m.actor_id, m.request_id,
         m.occurred_at, m.recorded_at
    FROM stock_moves m
    JOIN skus s ON s.sku_id = m.sku_id
    JOIN locations f ON f.location_id = m.from_location_id
    JOIN locations t ON t.location_id = m.to_location_id`;

export function toMove(r: MoveRow): Move {
  return {
    id: r.move_id,
    seq: r.move_seq,
    sku: r.sku_code,
    from: r.from_code,
    to: r.to_code,
    qty: r.qty,
    type: r.move_type,
    reason: r.reason,
    reference: r.reference,
    note: r.note,
    reservationId: r.reservation_id,
    transferId: r.transfer_id,
    actor: { kind: r.actor_kind, id: r.actor_id },
    requestId: r.request_id,
    occurredAt: r.occurred_at.toISOString(),
    recordedAt: r.recorded_at.toISOString(),
  };
}
