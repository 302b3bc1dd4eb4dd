-- Reorder points: per SKU and warehouse, the available quantity below which the SKU is low (and how much
-- to reorder, for purchasing). Crossing below it writes `stock.low` in the transaction of the change.
CREATE TABLE reorder_points (
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  low_at bigint NOT NULL,
  reorder_qty bigint,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT reorder_points_pkey PRIMARY KEY (sku_id, warehouse_id),
  CONSTRAINT reorder_points_low_at_check CHECK (low_at > 0),
  CONSTRAINT reorder_points_reorder_qty_check CHECK (reorder_qty IS NULL OR reorder_qty > 0)
);
