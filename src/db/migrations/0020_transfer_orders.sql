-- Transfer orders: a document moving several SKUs from one warehouse to another, requested, then shipped
-- (units leave source bins for transit through inventory's stock transfers, one per line and bin), then
-- received at the destination, possibly in several receipts, possibly with damaged units (received into a
-- quarantine location) and possibly closed short (what never arrived is written off as lost in transit).
-- The quantities live on the lines; the ledger itself is the stock transfers' moves.
CREATE SEQUENCE transfer_order_number_seq;

CREATE TABLE transfer_orders (
  transfer_order_id text PRIMARY KEY,
  number text NOT NULL DEFAULT ('TO-' || lpad(nextval('transfer_order_number_seq')::text, 6, '0')),
  from_warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  to_warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  status text NOT NULL DEFAULT 'requested',
  expected_at timestamptz,
  note text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  requested_by text NOT NULL,
  shipped_at timestamptz,
  shipped_by text,
  received_at timestamptz,
  received_by text,
  cancelled_at timestamptz,
  cancelled_by text,
  cancel_reason text,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT transfer_orders_number_key UNIQUE (number),
  CONSTRAINT transfer_orders_warehouses_check CHECK (from_warehouse_id <> to_warehouse_id),
  CONSTRAINT transfer_orders_status_check CHECK (
    status IN ('requested', 'shipped', 'partially_received', 'received', 'cancelled')),
  CONSTRAINT transfer_orders_shipped_check CHECK (
    (status IN ('shipped', 'partially_received', 'received')) = (shipped_at IS NOT NULL AND shipped_by IS NOT NULL)),
  CONSTRAINT transfer_orders_received_check CHECK ((status = 'received') = (received_at IS NOT NULL)),
  CONSTRAINT transfer_orders_cancelled_check CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CONSTRAINT transfer_orders_note_check CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000),
  CONSTRAINT transfer_orders_version_check CHECK (version >= 1)
);
CREATE INDEX transfer_orders_from_idx ON transfer_orders (from_warehouse_id, transfer_order_id);
CREATE INDEX transfer_orders_to_idx ON transfer_orders (to_warehouse_id, transfer_order_id);
CREATE INDEX transfer_orders_in_transit_idx ON transfer_orders (to_warehouse_id)
  WHERE status IN ('shipped', 'partially_received');

-- qty_received counts every unit that arrived, the damaged ones (received into quarantine) included.
CREATE TABLE transfer_order_lines (
  transfer_order_id text NOT NULL REFERENCES transfer_orders (transfer_order_id) ON DELETE RESTRICT,
  line_no integer NOT NULL,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  qty_requested bigint NOT NULL,
  qty_shipped bigint NOT NULL DEFAULT 0,
  qty_received bigint NOT NULL DEFAULT 0,
  qty_damaged bigint NOT NULL DEFAULT 0,
  qty_lost bigint NOT NULL DEFAULT 0,
  CONSTRAINT transfer_order_lines_pkey PRIMARY KEY (transfer_order_id, line_no),
  CONSTRAINT transfer_order_lines_sku_key UNIQUE (transfer_order_id, sku_id),
  CONSTRAINT transfer_order_lines_line_no_check CHECK (line_no >= 1),
  CONSTRAINT transfer_order_lines_qty_check CHECK (qty_requested > 0),
  CONSTRAINT transfer_order_lines_progress_check CHECK (
    qty_shipped >= 0 AND qty_received >= 0 AND qty_lost >= 0 AND qty_damaged >= 0
    AND qty_damaged <= qty_received
    AND qty_received + qty_lost <= qty_shipped
    AND qty_shipped <= qty_requested)
);
CREATE INDEX transfer_order_lines_sku_idx ON transfer_order_lines (sku_id);

-- The inventory transfers that carry a line: one per source bin it was picked from. The stock transfer
-- holds the source bin, the planned destination location, the quantity and what arrived of it.
CREATE TABLE transfer_order_picks (
  stock_transfer_id text PRIMARY KEY REFERENCES stock_transfers (transfer_id) ON DELETE RESTRICT,
  transfer_order_id text NOT NULL,
  line_no integer NOT NULL,
  pick_no integer NOT NULL,
  CONSTRAINT transfer_order_picks_line_fkey FOREIGN KEY (transfer_order_id, line_no)
    REFERENCES transfer_order_lines (transfer_order_id, line_no) ON DELETE RESTRICT,
  CONSTRAINT transfer_order_picks_pick_key UNIQUE (transfer_order_id, line_no, pick_no)
);
