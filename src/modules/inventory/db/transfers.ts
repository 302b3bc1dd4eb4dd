export interface TransferRow {
  transfer_id: string;
  sku_code: string;
  from_code: string;
  to_code: string;
  transit_code: string;
  qty: number;
  received_qty: number;
  lost_qty: number;
  status: 'in_transit' | 'received';
  reference: string | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

export interface Transfer {
  id: string;
  sku: string;
  from: string;
  to: string;
  via: string;
  qty: number;
  receivedQty: number;
  lostQty: number;
  inTransitQty: number;
  status: 'in_transit' | 'received';
  reference: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export const TRANSFER_SELECT = `
  SELECT t.transfer_id, s.code AS sku_code, f.code AS from_code, d.code AS to_code, v.code AS transit_code, t.qty,
         t.received_qty, t.lost_qty, t.status, t.reference, t.created_at, t.created_by, t.updated_at, t.updated_by
    FROM stock_transfers t
    JOIN skus s ON s.sku_id = t.sku_id
    JOIN locations f ON f.location_id = t.from_location_id
    JOIN locations d ON d.location_id = t.to_location_id
    JOIN locations v ON v.location_id = t.transit_location_id`;

export function toTransfer(r: TransferRow): Transfer {
  return {
    id: r.transfer_id,
    sku: r.sku_code,
    from: r.from_code,
    to: r.to_code,
    via: r.transit_code,
    qty: r.qty,
    receivedQty: r.received_qty,
    lostQty: r.lost_qty,
    inTransitQty: r.qty - r.received_qty - r.lost_qty,
    status: r.status,
    reference: r.reference,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    updatedAt: r.updated_at.toISOString(),
  };
}
