-- Purchasing: suppliers, what each supplier sells us (its SKU code, cost, pack size, minimum order), and
-- purchase orders with their lines. Receiving (a separate migration) builds on these rows: it increments
-- purchase_order_lines.qty_received / qty_rejected through purchasing's guarded statements and moves the
-- stock through the inventory ledger.

CREATE TABLE suppliers (
  supplier_id text PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  email text,
  phone text,
  address jsonb,
  currency char(3) NOT NULL,
  lead_time_days integer NOT NULL DEFAULT 0,
  payment_terms text,
  -- Basis points of a PO line's ordered quantity that may be received beyond it (250 = 2.5 %).
  over_receipt_tolerance_bp integer NOT NULL DEFAULT 0,
  is_archived boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT suppliers_code_format_check CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  CONSTRAINT suppliers_name_length_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  CONSTRAINT suppliers_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT suppliers_lead_time_check CHECK (lead_time_days >= 0),
  CONSTRAINT suppliers_tolerance_check CHECK (over_receipt_tolerance_bp >= 0),
  CONSTRAINT suppliers_payment_terms_check CHECK (payment_terms IS NULL OR length(payment_terms) BETWEEN 1 AND 40),
  CONSTRAINT suppliers_version_check CHECK (version >= 1)
);
CREATE UNIQUE INDEX suppliers_code_key ON suppliers (lower(code));
CREATE INDEX suppliers_name_idx ON suppliers (lower(name));

-- What a supplier sells us: its own code for the SKU, the agreed unit cost, and the ordering rules
-- (quantities in multiples of pack_size, at least min_order_qty).
CREATE TABLE supplier_skus (
  supplier_id text NOT NULL REFERENCES suppliers (supplier_id) ON DELETE RESTRICT,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  supplier_sku text,
  cost_minor bigint NOT NULL,
  currency char(3) NOT NULL,
  pack_size integer NOT NULL DEFAULT 1,
  min_order_qty integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT supplier_skus_pkey PRIMARY KEY (supplier_id, sku_id),
  CONSTRAINT supplier_skus_cost_check CHECK (cost_minor >= 0),
  CONSTRAINT supplier_skus_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT supplier_skus_pack_check CHECK (pack_size >= 1 AND min_order_qty >= 1),
  CONSTRAINT supplier_skus_supplier_sku_check CHECK (supplier_sku IS NULL OR length(supplier_sku) BETWEEN 1 AND 64)
);
CREATE UNIQUE INDEX supplier_skus_supplier_sku_key ON supplier_skus (supplier_id, lower(supplier_sku))
  WHERE supplier_sku IS NOT NULL;
CREATE INDEX supplier_skus_sku_idx ON supplier_skus (sku_id);

-- A purchase order always points at a warehouse (the top-level location): the composite key below holds
-- only for rows whose warehouse_id is their own location_id, which the tree's CHECK reserves for warehouses.
ALTER TABLE locations ADD CONSTRAINT locations_id_warehouse_key UNIQUE (location_id, warehouse_id);

CREATE SEQUENCE purchase_orders_number_seq;
CREATE TABLE purchase_orders (
  po_id text PRIMARY KEY,
  number text NOT NULL DEFAULT ('PO-' || lpad(nextval('purchase_orders_number_seq')::text, 6, '0')),
  supplier_id text NOT NULL REFERENCES suppliers (supplier_id) ON DELETE RESTRICT,
  warehouse_id text NOT NULL,
  status text NOT NULL DEFAULT 'draft',
  currency char(3) NOT NULL,
  expected_at date,
  -- The buyer's own number for this order when it came from outside (an EDI 850's BEG03).
  external_ref text,
  notes text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_kind text NOT NULL,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  sent_at timestamptz,
  sent_by text,
  closed_at timestamptz,
  closed_by text,
  cancelled_at timestamptz,
  cancelled_by text,
  CONSTRAINT purchase_orders_number_key UNIQUE (number),
  CONSTRAINT purchase_orders_warehouse_fkey FOREIGN KEY (warehouse_id, warehouse_id)
    REFERENCES locations (location_id, warehouse_id) ON DELETE RESTRICT,
  CONSTRAINT purchase_orders_status_check CHECK (
    status IN ('draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled')),
  CONSTRAINT purchase_orders_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT purchase_orders_external_ref_check CHECK (external_ref IS NULL OR length(external_ref) BETWEEN 1 AND 64),
  CONSTRAINT purchase_orders_notes_check CHECK (notes IS NULL OR length(notes) <= 2000),
  CONSTRAINT purchase_orders_version_check CHECK (version >= 1),
  CONSTRAINT purchase_orders_sent_check CHECK (
    status NOT IN ('sent', 'partially_received', 'received', 'closed') OR sent_at IS NOT NULL),
  CONSTRAINT purchase_orders_closed_check CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CONSTRAINT purchase_orders_cancelled_check CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
-- An imported order is the supplier's order once: importing the same 850 again finds it.
CREATE UNIQUE INDEX purchase_orders_external_ref_key ON purchase_orders (supplier_id, external_ref)
  WHERE external_ref IS NOT NULL;
CREATE INDEX purchase_orders_supplier_idx ON purchase_orders (supplier_id, po_id);
CREATE INDEX purchase_orders_warehouse_idx ON purchase_orders (warehouse_id, po_id);
CREATE INDEX purchase_orders_open_idx ON purchase_orders (warehouse_id, expected_at)
  WHERE status IN ('sent', 'partially_received');

-- Received units that QC then rejected still count as received for the order's progress.
CREATE TABLE purchase_order_lines (
  po_id text NOT NULL REFERENCES purchase_orders (po_id) ON DELETE RESTRICT,
  line_no integer NOT NULL,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  qty_ordered bigint NOT NULL,
  unit_cost_minor bigint NOT NULL,
  supplier_sku text,
  qty_received bigint NOT NULL DEFAULT 0,
  qty_rejected bigint NOT NULL DEFAULT 0,
  CONSTRAINT purchase_order_lines_pkey PRIMARY KEY (po_id, line_no),
  CONSTRAINT purchase_order_lines_line_no_check CHECK (line_no >= 1),
  CONSTRAINT purchase_order_lines_qty_check CHECK (qty_ordered > 0),
  CONSTRAINT purchase_order_lines_cost_check CHECK (unit_cost_minor >= 0),
  CONSTRAINT purchase_order_lines_received_check CHECK (qty_received >= 0 AND qty_rejected >= 0),
  CONSTRAINT purchase_order_lines_rejected_check CHECK (qty_rejected <= qty_received)
);
CREATE INDEX purchase_order_lines_sku_idx ON purchase_order_lines (sku_id);
