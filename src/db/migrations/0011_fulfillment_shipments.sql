-- Shipments: the units of an order that leave one warehouse together. A shipment holds its own
-- reservations (split off the order lines' holds when it is created), so cancelling or reallocating the
-- rest of the order never touches them; shipping posts them to the warehouse's customer location, voiding
-- gives them back to the order lines. Waves, picking, packing and labels build on these rows.

-- Units of a line that an open shipment holds: always part of what is allocated.
ALTER TABLE order_lines ADD COLUMN qty_in_fulfilment bigint NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD CONSTRAINT order_lines_fulfilment_check
  CHECK (qty_in_fulfilment >= 0 AND qty_in_fulfilment <= qty_allocated);

CREATE TABLE shipments (
  shipment_id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders (order_id) ON DELETE RESTRICT,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  status text NOT NULL DEFAULT 'open',
  carrier text,
  service text,
  tracking_number text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_kind text NOT NULL,
  created_by text NOT NULL,
  shipped_at timestamptz,
  shipped_by text,
  delivered_at timestamptz,
  delivered_by text,
  voided_at timestamptz,
  voided_by text,
  void_reason text,
  CONSTRAINT shipments_status_check CHECK (status IN ('open', 'shipped', 'delivered', 'voided')),
  CONSTRAINT shipments_shipped_check CHECK (
    (status IN ('shipped', 'delivered')) = (shipped_at IS NOT NULL AND carrier IS NOT NULL)),
  CONSTRAINT shipments_delivered_check CHECK ((status = 'delivered') = (delivered_at IS NOT NULL)),
  CONSTRAINT shipments_voided_check CHECK ((status = 'voided') = (voided_at IS NOT NULL))
);
CREATE INDEX shipments_order_idx ON shipments (order_id);
CREATE INDEX shipments_open_idx ON shipments (warehouse_id, created_at) WHERE status = 'open';

CREATE TABLE shipment_lines (
  shipment_id text NOT NULL REFERENCES shipments (shipment_id) ON DELETE RESTRICT,
  order_id text NOT NULL,
  line_no integer NOT NULL,
  qty bigint NOT NULL,
  -- The hold of these units while the shipment is open; posted when it ships.
  reservation_id text NOT NULL REFERENCES reservations (reservation_id) ON DELETE RESTRICT,
  CONSTRAINT shipment_lines_pkey PRIMARY KEY (shipment_id, line_no),
  CONSTRAINT shipment_lines_qty_check CHECK (qty > 0),
  CONSTRAINT shipment_lines_reservation_key UNIQUE (reservation_id),
  CONSTRAINT shipment_lines_line_fkey FOREIGN KEY (order_id, line_no)
    REFERENCES order_lines (order_id, line_no) ON DELETE RESTRICT
);

-- A line's holds that belong to an open shipment are not the line's to release.
ALTER TABLE order_line_reservations ADD COLUMN shipment_id text REFERENCES shipments (shipment_id) ON DELETE RESTRICT;
