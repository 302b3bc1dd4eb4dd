-- Warehouse outbound: where bins are (for short pick paths), waves and pick lists of pick tasks confirmed
-- by scan, short picks that leave a count task behind, scan-verified packing into parcels with SSCCs,
-- carriers, and each warehouse's shipping profile (ship-from address, GS1 company prefix).

-- Bin layout. Coordinates are integer centimetres on the warehouse floor plan; a bin in an aisle sits on
-- the aisle's centreline (all bins of an aisle share its x). A warehouse's own x/y is its depot, where pick
-- routes start and end. pick_seq orders bins when coordinates are unknown.
ALTER TABLE locations
  ADD COLUMN aisle text,
  ADD COLUMN bay integer,
  ADD COLUMN level integer,
  ADD COLUMN x_cm integer,
  ADD COLUMN y_cm integer,
  ADD COLUMN pick_seq integer;
ALTER TABLE locations ADD CONSTRAINT locations_layout_check CHECK (
  (x_cm IS NULL) = (y_cm IS NULL)
  AND (aisle IS NULL OR length(aisle) BETWEEN 1 AND 40)
  AND (bay IS NULL OR bay >= 0) AND (level IS NULL OR level >= 0) AND (pick_seq IS NULL OR pick_seq >= 0)
  AND (x_cm IS NULL OR (x_cm BETWEEN 0 AND 10000000 AND y_cm BETWEEN 0 AND 10000000))
  AND (kind IN ('bin', 'zone', 'warehouse') OR (aisle IS NULL AND x_cm IS NULL AND pick_seq IS NULL)));

-- Per warehouse: the address parcels leave from, the GS1 company prefix its SSCCs are built from, and the
-- serial counter behind them (advanced by a guarded UPDATE ... RETURNING, so two packers never share one).
CREATE TABLE warehouse_shipping_profiles (
  warehouse_id text PRIMARY KEY REFERENCES locations (location_id) ON DELETE RESTRICT,
  address jsonb NOT NULL,
  gs1_company_prefix text NOT NULL,
  sscc_extension_digit smallint NOT NULL DEFAULT 0,
  next_sscc_serial bigint NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT warehouse_shipping_profiles_prefix_check CHECK (gs1_company_prefix ~ '^[0-9]{7,10}$'),
  CONSTRAINT warehouse_shipping_profiles_extension_check CHECK (sscc_extension_digit BETWEEN 0 AND 9),
  CONSTRAINT warehouse_shipping_profiles_serial_check CHECK (next_sscc_serial >= 1)
);

-- Carriers: the built-in 'manual' one (tracking entered by the operator) and rate-table carriers whose
-- prices come from weight bands per service.
CREATE TABLE carriers (
  code text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  rate_table jsonb,
  is_archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT carriers_code_check CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
  CONSTRAINT carriers_kind_check CHECK (kind IN ('manual', 'rate_table')),
  CONSTRAINT carriers_table_check CHECK ((kind = 'rate_table') = (rate_table IS NOT NULL))
);
INSERT INTO carriers (code, name, kind, created_by, updated_by) VALUES ('manual', 'Manual (tracking entered)', 'manual', 'system', 'system');

CREATE TABLE carton_types (
  code text PRIMARY KEY,
  name text NOT NULL,
  length_mm integer NOT NULL,
  width_mm integer NOT NULL,
  height_mm integer NOT NULL,
  tare_grams integer NOT NULL DEFAULT 0,
  max_weight_grams integer,
  is_archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  CONSTRAINT carton_types_code_check CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
  CONSTRAINT carton_types_dims_check CHECK (length_mm > 0 AND width_mm > 0 AND height_mm > 0 AND tare_grams >= 0
    AND (max_weight_grams IS NULL OR max_weight_grams > 0))
);

-- Waves: orders released together for picking by rules (cut-off, channel, priority, limits).
CREATE SEQUENCE waves_number_seq;
CREATE TABLE waves (
  wave_id text PRIMARY KEY,
  number bigint NOT NULL DEFAULT nextval('waves_number_seq'),
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  status text NOT NULL DEFAULT 'released',
  rules jsonb NOT NULL,
  order_count integer NOT NULL,
  line_count integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_kind text NOT NULL,
  created_by text NOT NULL,
  completed_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by text,
  CONSTRAINT waves_number_key UNIQUE (number),
  CONSTRAINT waves_status_check CHECK (status IN ('released', 'picking', 'picked', 'cancelled')),
  CONSTRAINT waves_counts_check CHECK (order_count > 0 AND line_count > 0)
);
CREATE INDEX waves_open_idx ON waves (warehouse_id, created_at) WHERE status IN ('released', 'picking');

CREATE SEQUENCE pick_lists_number_seq;
CREATE TABLE pick_lists (
  pick_list_id text PRIMARY KEY,
  number bigint NOT NULL DEFAULT nextval('pick_lists_number_seq'),
  wave_id text REFERENCES waves (wave_id) ON DELETE RESTRICT,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'open',
  assigned_to text,
  -- Route lengths (cm) of the planned path and of walking the bins in code order, for the record.
  path_length_cm bigint,
  naive_length_cm bigint,
  path_strategy text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_kind text NOT NULL,
  created_by text NOT NULL,
  started_at timestamptz,
  completed_at timestamptz,
  CONSTRAINT pick_lists_number_key UNIQUE (number),
  CONSTRAINT pick_lists_kind_check CHECK (kind IN ('single', 'batch', 'wave')),
  CONSTRAINT pick_lists_status_check CHECK (status IN ('open', 'picking', 'picked', 'cancelled')),
  CONSTRAINT pick_lists_done_check CHECK ((status = 'picked') = (completed_at IS NOT NULL))
);
CREATE INDEX pick_lists_wave_idx ON pick_lists (wave_id);
CREATE INDEX pick_lists_open_idx ON pick_lists (warehouse_id, created_at) WHERE status IN ('open', 'picking');

-- Shipments take part in picking and packing.
ALTER TABLE shipments DROP CONSTRAINT shipments_status_check;
ALTER TABLE shipments ADD CONSTRAINT shipments_status_check
  CHECK (status IN ('open', 'packed', 'shipped', 'delivered', 'voided'));
ALTER TABLE shipments
  ADD COLUMN wave_id text REFERENCES waves (wave_id) ON DELETE RESTRICT,
  ADD COLUMN tote text,
  ADD COLUMN packing_by text,
  ADD COLUMN packing_station text,
  ADD COLUMN packed_at timestamptz,
  ADD COLUMN packed_by text,
  ADD COLUMN shipping_price_minor bigint,
  ADD COLUMN shipping_currency text;
ALTER TABLE shipments ADD CONSTRAINT shipments_packed_check CHECK (
  (status IN ('packed', 'shipped', 'delivered')) OR packed_at IS NULL OR status = 'voided');
ALTER TABLE shipments ADD CONSTRAINT shipments_price_check CHECK (
  (shipping_price_minor IS NULL) = (shipping_currency IS NULL) AND (shipping_price_minor IS NULL OR shipping_price_minor >= 0));
CREATE INDEX shipments_wave_idx ON shipments (wave_id) WHERE wave_id IS NOT NULL;
DROP INDEX shipments_open_idx;
CREATE INDEX shipments_open_idx ON shipments (warehouse_id, created_at) WHERE status IN ('open', 'packed');

-- A shipment line may lose all its units to a short pick (its reservation then ended with nothing posted).
ALTER TABLE shipment_lines DROP CONSTRAINT shipment_lines_qty_check;
ALTER TABLE shipment_lines ADD COLUMN qty_short bigint NOT NULL DEFAULT 0;
ALTER TABLE shipment_lines ADD CONSTRAINT shipment_lines_qty_check CHECK (qty >= 0 AND qty_short >= 0);
ALTER TABLE shipment_lines ALTER COLUMN reservation_id DROP NOT NULL;
ALTER TABLE shipment_lines ADD CONSTRAINT shipment_lines_reservation_check CHECK ((qty = 0) = (reservation_id IS NULL));

-- One task: take qty of a SKU from a bin for a shipment line (into a tote). Confirmed once, by scan.
CREATE TABLE pick_tasks (
  pick_task_id text PRIMARY KEY,
  pick_list_id text NOT NULL REFERENCES pick_lists (pick_list_id) ON DELETE RESTRICT,
  seq integer NOT NULL,
  shipment_id text NOT NULL REFERENCES shipments (shipment_id) ON DELETE RESTRICT,
  order_id text NOT NULL,
  line_no integer NOT NULL,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  qty bigint NOT NULL,
  tote text,
  status text NOT NULL DEFAULT 'open',
  qty_picked bigint NOT NULL DEFAULT 0,
  qty_short bigint NOT NULL DEFAULT 0,
  -- Units picked for a line that then lost its units (a kit short elsewhere): to be put back in the bin.
  qty_put_back bigint NOT NULL DEFAULT 0,
  confirmed_at timestamptz,
  confirmed_by_kind text,
  confirmed_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT pick_tasks_seq_key UNIQUE (pick_list_id, seq),
  CONSTRAINT pick_tasks_line_fkey FOREIGN KEY (order_id, line_no) REFERENCES order_lines (order_id, line_no) ON DELETE RESTRICT,
  CONSTRAINT pick_tasks_status_check CHECK (status IN ('open', 'picked', 'short', 'cancelled')),
  CONSTRAINT pick_tasks_qty_check CHECK (qty > 0 AND qty_picked >= 0 AND qty_short >= 0 AND qty_put_back >= 0
    AND qty_picked + qty_short <= qty AND qty_put_back <= qty_picked),
  CONSTRAINT pick_tasks_confirmed_check CHECK ((status IN ('picked', 'short')) = (confirmed_at IS NOT NULL)),
  CONSTRAINT pick_tasks_done_check CHECK (
    (status = 'picked' AND qty_picked = qty AND qty_short = 0) OR (status = 'short' AND qty_short > 0
      AND qty_picked + qty_short = qty) OR (status IN ('open', 'cancelled') AND qty_short = 0))
);
CREATE INDEX pick_tasks_list_idx ON pick_tasks (pick_list_id, seq);
CREATE INDEX pick_tasks_shipment_idx ON pick_tasks (shipment_id);
CREATE INDEX pick_tasks_confirmed_idx ON pick_tasks (confirmed_at) WHERE confirmed_at IS NOT NULL;

-- Count tasks: a bin whose count is in doubt (a short pick found less than the ledger said). Cycle-count
-- plans (inbound issue) add more sources.
CREATE TABLE count_tasks (
  count_task_id text PRIMARY KEY,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  source text NOT NULL,
  pick_task_id text REFERENCES pick_tasks (pick_task_id) ON DELETE RESTRICT,
  status text NOT NULL DEFAULT 'open',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_kind text NOT NULL,
  created_by text NOT NULL,
  done_at timestamptz,
  done_by text,
  CONSTRAINT count_tasks_source_check CHECK (source IN ('short_pick', 'manual')),
  CONSTRAINT count_tasks_status_check CHECK (status IN ('open', 'done', 'cancelled')),
  CONSTRAINT count_tasks_done_check CHECK ((status = 'open') = (done_at IS NULL))
);
CREATE INDEX count_tasks_open_idx ON count_tasks (warehouse_id, created_at) WHERE status = 'open';

-- Packing: per shipment and SKU, the units the packer must scan and has scanned (over-scans refused by
-- the guarded increment); then the parcels, each with its SSCC, carton, weight and content.
CREATE TABLE shipment_pack_items (
  shipment_id text NOT NULL REFERENCES shipments (shipment_id) ON DELETE RESTRICT,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  qty_required bigint NOT NULL,
  qty_scanned bigint NOT NULL DEFAULT 0,
  CONSTRAINT shipment_pack_items_pkey PRIMARY KEY (shipment_id, sku_id),
  CONSTRAINT shipment_pack_items_qty_check CHECK (qty_required >= 0 AND qty_scanned >= 0 AND qty_scanned <= qty_required)
);

CREATE TABLE shipment_pack_scans (
  shipment_id text NOT NULL REFERENCES shipments (shipment_id) ON DELETE RESTRICT,
  scan_seq integer NOT NULL,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  parcel_no integer NOT NULL,
  qty bigint NOT NULL,
  code text NOT NULL,
  scanned_at timestamptz NOT NULL DEFAULT now(),
  scanned_by_kind text NOT NULL,
  scanned_by text NOT NULL,
  CONSTRAINT shipment_pack_scans_pkey PRIMARY KEY (shipment_id, scan_seq),
  CONSTRAINT shipment_pack_scans_check CHECK (qty > 0 AND parcel_no BETWEEN 1 AND 999)
);

-- Mistakes a station caught (wrong item, too many, wrong bin): recorded after the refusal, for the
-- warehouse dashboard; they change no stock and no shipment.
CREATE TABLE warehouse_exceptions (
  exception_id text PRIMARY KEY,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  kind text NOT NULL,
  code text NOT NULL,
  shipment_id text,
  pick_task_id text,
  scanned text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  CONSTRAINT warehouse_exceptions_kind_check CHECK (kind IN ('pick', 'pack'))
);
CREATE INDEX warehouse_exceptions_idx ON warehouse_exceptions (warehouse_id, occurred_at);

CREATE TABLE shipment_parcels (
  shipment_id text NOT NULL REFERENCES shipments (shipment_id) ON DELETE RESTRICT,
  parcel_no integer NOT NULL,
  sscc text NOT NULL,
  carton_type text REFERENCES carton_types (code) ON DELETE RESTRICT,
  weight_grams integer NOT NULL,
  length_mm integer,
  width_mm integer,
  height_mm integer,
  tracking_number text,
  price_minor bigint,
  items jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT shipment_parcels_pkey PRIMARY KEY (shipment_id, parcel_no),
  CONSTRAINT shipment_parcels_sscc_key UNIQUE (sscc),
  CONSTRAINT shipment_parcels_sscc_check CHECK (sscc ~ '^[0-9]{18}$'),
  CONSTRAINT shipment_parcels_check CHECK (parcel_no >= 1 AND weight_grams > 0
    AND (price_minor IS NULL OR price_minor >= 0))
);
