-- Customer returns (RMA): shipped units of an order that the customer sends back. A return is authorised
-- for some units of some order lines, received at a warehouse (the units move from its @customer location
-- into a quarantine location), inspected and graded unit by unit (restock to a storage bin, keep in
-- quarantine, scrap), and closed. It carries the amount the returned units were paid (refund_minor, in the
-- order's currency); posting that refund to the books is the finance module's, later.
-- The order's status does not change; its lines count returned units in qty_returned (0007, ≤ shipped).

CREATE SEQUENCE returns_number_seq;

CREATE TABLE returns (
  return_id text PRIMARY KEY,
  number text NOT NULL DEFAULT 'RMA-' || lpad(nextval('returns_number_seq')::text, 6, '0'),
  order_id text NOT NULL REFERENCES orders (order_id) ON DELETE RESTRICT,
  -- Where the units come back to.
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  status text NOT NULL DEFAULT 'authorised',
  reason text NOT NULL,
  customer_note text,
  currency text NOT NULL,
  -- What the received units were paid, plus the order's shipping once closed with refund_shipping.
  refund_minor bigint NOT NULL DEFAULT 0,
  refund_shipping boolean NOT NULL DEFAULT false,
  shipping_refund_minor bigint NOT NULL DEFAULT 0,
  authorised_at timestamptz NOT NULL DEFAULT now(),
  authorised_by_kind text NOT NULL,
  authorised_by text NOT NULL,
  -- The last receipt.
  received_at timestamptz,
  received_by text,
  closed_at timestamptz,
  closed_by text,
  cancelled_at timestamptz,
  cancelled_by text,
  cancel_reason text,
  CONSTRAINT returns_number_key UNIQUE (number),
  CONSTRAINT returns_order_key UNIQUE (return_id, order_id),
  -- authorised: units may still come; received: nothing more will come, inspection goes on;
  -- closed: every received unit graded; cancelled: nothing came.
  CONSTRAINT returns_status_check CHECK (status IN ('authorised', 'received', 'closed', 'cancelled')),
  CONSTRAINT returns_reason_check CHECK (reason IN ('damaged', 'defective', 'wrong_item', 'not_as_described',
    'no_longer_needed', 'size_fit', 'other')),
  CONSTRAINT returns_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT returns_refund_check CHECK (refund_minor >= 0 AND shipping_refund_minor >= 0
    AND shipping_refund_minor <= refund_minor),
  CONSTRAINT returns_shipping_refund_check CHECK (shipping_refund_minor = 0 OR (status = 'closed' AND refund_shipping)),
  CONSTRAINT returns_closed_check CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CONSTRAINT returns_cancelled_check CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CONSTRAINT returns_note_length_check CHECK (customer_note IS NULL OR length(customer_note) <= 2000)
);
-- An order's shipping is refunded by one return at most.
CREATE UNIQUE INDEX returns_shipping_refund_key ON returns (order_id) WHERE refund_shipping AND status <> 'cancelled';
CREATE INDEX returns_order_idx ON returns (order_id);
CREATE INDEX returns_list_idx ON returns (authorised_at, return_id);
CREATE INDEX returns_open_idx ON returns (warehouse_id, authorised_at) WHERE status IN ('authorised', 'received');

-- A return line: units of one order line. line_no numbers the return's own lines (1, 2, ...).
CREATE TABLE return_lines (
  return_id text NOT NULL,
  line_no integer NOT NULL,
  order_id text NOT NULL,
  order_line_no integer NOT NULL,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  reason text NOT NULL,
  qty_authorised bigint NOT NULL,
  qty_received bigint NOT NULL DEFAULT 0,
  qty_graded bigint NOT NULL DEFAULT 0,
  -- What the received units of this line were paid.
  refund_minor bigint NOT NULL DEFAULT 0,
  CONSTRAINT return_lines_pkey PRIMARY KEY (return_id, line_no),
  CONSTRAINT return_lines_order_line_key UNIQUE (return_id, order_line_no),
  CONSTRAINT return_lines_return_fkey FOREIGN KEY (return_id, order_id)
    REFERENCES returns (return_id, order_id) ON DELETE RESTRICT,
  CONSTRAINT return_lines_order_line_fkey FOREIGN KEY (order_id, order_line_no)
    REFERENCES order_lines (order_id, line_no) ON DELETE RESTRICT,
  CONSTRAINT return_lines_line_no_check CHECK (line_no > 0),
  CONSTRAINT return_lines_qty_check CHECK (qty_authorised > 0),
  CONSTRAINT return_lines_received_check CHECK (qty_received BETWEEN 0 AND qty_authorised),
  CONSTRAINT return_lines_graded_check CHECK (qty_graded BETWEEN 0 AND qty_received),
  CONSTRAINT return_lines_refund_check CHECK (refund_minor >= 0),
  CONSTRAINT return_lines_reason_check CHECK (reason IN ('damaged', 'defective', 'wrong_item', 'not_as_described',
    'no_longer_needed', 'size_fit', 'other'))
);
CREATE INDEX return_lines_order_line_idx ON return_lines (order_id, order_line_no);

-- Each receipt of a line's units: where they landed (a quarantine location) and the move that took them
-- there from the warehouse's @customer location. Append-only.
CREATE TABLE return_receipts (
  receipt_seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  return_id text NOT NULL,
  line_no integer NOT NULL,
  qty bigint NOT NULL,
  location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  move_id text NOT NULL REFERENCES stock_moves (move_id) ON DELETE RESTRICT,
  received_at timestamptz NOT NULL DEFAULT now(),
  received_by_kind text NOT NULL,
  received_by text NOT NULL,
  CONSTRAINT return_receipts_line_fkey FOREIGN KEY (return_id, line_no)
    REFERENCES return_lines (return_id, line_no) ON DELETE RESTRICT,
  CONSTRAINT return_receipts_qty_check CHECK (qty > 0)
);
CREATE INDEX return_receipts_line_idx ON return_receipts (return_id, line_no, receipt_seq);
CREATE TRIGGER return_receipts_append_only BEFORE UPDATE OR DELETE ON return_receipts
  FOR EACH ROW EXECUTE FUNCTION coulisse_reject_change();
CREATE TRIGGER return_receipts_no_truncate BEFORE TRUNCATE ON return_receipts
  FOR EACH STATEMENT EXECUTE FUNCTION coulisse_reject_change();

-- One row per unit graded, once (the key): unit n of a line is the n-th received. Its location is where it
-- went (restock: the storage bin; scrap: the warehouse's @scrap) or stays (quarantine); move_id is the
-- move that took it there (none when it stayed where it was received). Append-only.
CREATE TABLE return_units (
  return_id text NOT NULL,
  line_no integer NOT NULL,
  unit_no bigint NOT NULL,
  grade text NOT NULL,
  location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  move_id text REFERENCES stock_moves (move_id) ON DELETE RESTRICT,
  note text,
  graded_at timestamptz NOT NULL DEFAULT now(),
  graded_by_kind text NOT NULL,
  graded_by text NOT NULL,
  CONSTRAINT return_units_pkey PRIMARY KEY (return_id, line_no, unit_no),
  CONSTRAINT return_units_line_fkey FOREIGN KEY (return_id, line_no)
    REFERENCES return_lines (return_id, line_no) ON DELETE RESTRICT,
  CONSTRAINT return_units_unit_no_check CHECK (unit_no > 0),
  CONSTRAINT return_units_grade_check CHECK (grade IN ('restock', 'quarantine', 'scrap')),
  CONSTRAINT return_units_move_check CHECK (grade = 'quarantine' OR move_id IS NOT NULL),
  CONSTRAINT return_units_note_length_check CHECK (note IS NULL OR length(note) <= 2000)
);
CREATE TRIGGER return_units_append_only BEFORE UPDATE OR DELETE ON return_units
  FOR EACH ROW EXECUTE FUNCTION coulisse_reject_change();
CREATE TRIGGER return_units_no_truncate BEFORE TRUNCATE ON return_units
  FOR EACH STATEMENT EXECUTE FUNCTION coulisse_reject_change();
