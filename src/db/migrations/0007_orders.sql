-- Orders: the sales channels a merchant sells through, their customers, orders keyed by (channel,
-- external id) with per-line quantity buckets, the allocation of each line to stock (one reservation per
-- line, so a line can be cancelled or re-allocated on its own), the order timeline, and the transactional
-- outbox every change writes its events to.

-- Where a warehouse is, for routing orders to the nearest one.
ALTER TABLE locations ADD COLUMN country text;
ALTER TABLE locations ADD COLUMN region text;
ALTER TABLE locations ADD CONSTRAINT locations_country_check
  CHECK (country IS NULL OR (kind = 'warehouse' AND country ~ '^[A-Z]{2}$'));
ALTER TABLE locations ADD CONSTRAINT locations_region_check
  CHECK (region IS NULL OR (kind = 'warehouse' AND length(region) BETWEEN 1 AND 100));

CREATE TABLE channels (
  channel_id text PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  currency text NOT NULL,
  buffer_units bigint NOT NULL DEFAULT 0,
  buffer_percent integer NOT NULL DEFAULT 0,
  allow_split boolean NOT NULL DEFAULT true,
  allow_partial boolean NOT NULL DEFAULT true,
  allow_backorder boolean NOT NULL DEFAULT true,
  prefer_nearest boolean NOT NULL DEFAULT true,
  is_archived boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT channels_kind_check CHECK (kind IN ('web_shop', 'marketplace', 'social', 'point_of_sale', 'manual')),
  CONSTRAINT channels_code_format_check CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
  CONSTRAINT channels_name_length_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  CONSTRAINT channels_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT channels_buffer_check CHECK (buffer_units >= 0 AND buffer_percent BETWEEN 0 AND 100)
);
CREATE UNIQUE INDEX channels_code_key ON channels (lower(code));

-- The warehouses a channel may ship from, by priority (lower first).
CREATE TABLE channel_warehouses (
  channel_id text NOT NULL REFERENCES channels (channel_id) ON DELETE RESTRICT,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  priority integer NOT NULL,
  CONSTRAINT channel_warehouses_pkey PRIMARY KEY (channel_id, warehouse_id),
  CONSTRAINT channel_warehouses_priority_check CHECK (priority BETWEEN 0 AND 1000)
);

CREATE TABLE customers (
  customer_id text PRIMARY KEY,
  channel_id text REFERENCES channels (channel_id) ON DELETE RESTRICT,
  external_id text,
  kind text NOT NULL DEFAULT 'person',
  name text,
  company text,
  email text,
  phone text,
  tax_id text,
  tags text[] NOT NULL DEFAULT '{}',
  default_shipping jsonb,
  default_billing jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT customers_kind_check CHECK (kind IN ('person', 'business')),
  CONSTRAINT customers_external_check CHECK ((external_id IS NULL) OR (channel_id IS NOT NULL))
);
CREATE UNIQUE INDEX customers_channel_external_key ON customers (channel_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX customers_email_idx ON customers (lower(email));

CREATE TABLE orders (
  order_id text PRIMARY KEY,
  channel_id text NOT NULL REFERENCES channels (channel_id) ON DELETE RESTRICT,
  external_id text NOT NULL,
  customer_id text REFERENCES customers (customer_id) ON DELETE RESTRICT,
  status text NOT NULL,
  on_hold boolean NOT NULL DEFAULT false,
  hold_reason text,
  placed_at timestamptz NOT NULL,
  promised_at timestamptz,
  currency text NOT NULL,
  ship_to jsonb,
  bill_to jsonb,
  shipping_method text,
  payment_status text NOT NULL DEFAULT 'unknown',
  subtotal_minor bigint,
  discount_minor bigint,
  shipping_minor bigint,
  tax_minor bigint,
  total_minor bigint,
  flags text[] NOT NULL DEFAULT '{}',
  notes text,
  tags text[] NOT NULL DEFAULT '{}',
  request_hash text NOT NULL,
  allocation jsonb,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT orders_status_check CHECK (status IN ('pending', 'allocated', 'partially_allocated', 'backordered',
    'in_fulfilment', 'partially_shipped', 'shipped', 'delivered', 'cancelled')),
  CONSTRAINT orders_hold_check CHECK (on_hold = (hold_reason IS NOT NULL)),
  CONSTRAINT orders_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT orders_payment_status_check CHECK (payment_status IN ('unknown', 'pending', 'authorized', 'paid',
    'partially_paid', 'refunded', 'partially_refunded', 'voided')),
  CONSTRAINT orders_external_id_check CHECK (length(external_id) BETWEEN 1 AND 200)
);
CREATE UNIQUE INDEX orders_channel_external_key ON orders (channel_id, external_id);
CREATE INDEX orders_status_idx ON orders (status, placed_at);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_placed_idx ON orders (placed_at, order_id);

CREATE TABLE order_lines (
  order_id text NOT NULL REFERENCES orders (order_id) ON DELETE RESTRICT,
  line_no integer NOT NULL,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  external_line_id text,
  title text,
  qty_ordered bigint NOT NULL,
  qty_allocated bigint NOT NULL DEFAULT 0,
  qty_backordered bigint NOT NULL DEFAULT 0,
  qty_shipped bigint NOT NULL DEFAULT 0,
  qty_cancelled bigint NOT NULL DEFAULT 0,
  qty_returned bigint NOT NULL DEFAULT 0,
  unit_price_minor bigint NOT NULL,
  discount_minor bigint NOT NULL DEFAULT 0,
  tax_minor bigint NOT NULL DEFAULT 0,
  CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line_no),
  CONSTRAINT order_lines_qty_check CHECK (qty_ordered > 0),
  -- Every ordered unit is in exactly one bucket or still waiting for a decision (pending).
  CONSTRAINT order_lines_buckets_check CHECK (
    qty_allocated >= 0 AND qty_backordered >= 0 AND qty_shipped >= 0 AND qty_cancelled >= 0
    AND qty_allocated + qty_backordered + qty_shipped + qty_cancelled <= qty_ordered),
  CONSTRAINT order_lines_returned_check CHECK (qty_returned BETWEEN 0 AND qty_shipped),
  CONSTRAINT order_lines_price_check CHECK (unit_price_minor >= 0 AND discount_minor >= 0)
);
CREATE INDEX order_lines_sku_idx ON order_lines (sku_id) WHERE qty_backordered > 0;

-- What each line holds: one reservation per allocated line (its lines are the picked locations).
CREATE TABLE order_line_reservations (
  order_id text NOT NULL,
  line_no integer NOT NULL,
  reservation_id text NOT NULL REFERENCES reservations (reservation_id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT order_line_reservations_pkey PRIMARY KEY (reservation_id),
  CONSTRAINT order_line_reservations_line_fkey FOREIGN KEY (order_id, line_no)
    REFERENCES order_lines (order_id, line_no) ON DELETE RESTRICT
);
CREATE INDEX order_line_reservations_line_idx ON order_line_reservations (order_id, line_no);

-- The order timeline: every transition with who, when and why. Append-only.
CREATE TABLE order_events (
  order_id text NOT NULL REFERENCES orders (order_id) ON DELETE RESTRICT,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  event text NOT NULL,
  from_status text,
  to_status text,
  reason text,
  details jsonb,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  request_id text,
  CONSTRAINT order_events_pkey PRIMARY KEY (order_id, seq)
);
CREATE TRIGGER order_events_append_only BEFORE UPDATE OR DELETE ON order_events
  FOR EACH ROW EXECUTE FUNCTION coulisse_reject_change();
CREATE TRIGGER order_events_no_truncate BEFORE TRUNCATE ON order_events
  FOR EACH STATEMENT EXECUTE FUNCTION coulisse_reject_change();

-- The transactional outbox: events are written in the transaction of the change that caused them and
-- delivered afterwards, at least once.
CREATE TABLE outbox_events (
  event_seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id text NOT NULL,
  type text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT outbox_events_type_check CHECK (type ~ '^[a-z_]+\.[a-z_]+$')
);
CREATE UNIQUE INDEX outbox_events_event_id_key ON outbox_events (event_id);
CREATE INDEX outbox_events_aggregate_idx ON outbox_events (aggregate_type, aggregate_id, event_seq);
CREATE TRIGGER outbox_events_append_only BEFORE UPDATE OR DELETE ON outbox_events
  FOR EACH ROW EXECUTE FUNCTION coulisse_reject_change();
