-- The stock ledger. stock_moves is the truth: immutable moves of a SKU between two locations. Balances
-- per (location, SKU) are kept in the same transaction by guarded statements and can always be
-- re-derived from the moves (`coulisse check`). Reservations hold stock for a reference until they are
-- posted (turned into moves), voided or expired, each exactly once.

CREATE TABLE stock_balances (
  location_id text NOT NULL,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  is_physical boolean NOT NULL,
  on_hand bigint NOT NULL DEFAULT 0,
  reserved bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_balances_pkey PRIMARY KEY (location_id, sku_id),
  CONSTRAINT stock_balances_location_fkey FOREIGN KEY (location_id, is_physical)
    REFERENCES locations (location_id, is_physical) ON DELETE RESTRICT,
  CONSTRAINT stock_balances_reserved_check CHECK (reserved >= 0),
  CONSTRAINT stock_balances_on_hand_check CHECK (NOT is_physical OR on_hand >= reserved),
  CONSTRAINT stock_balances_virtual_reserved_check CHECK (is_physical OR reserved = 0)
);
CREATE INDEX stock_balances_sku_idx ON stock_balances (sku_id);

CREATE TABLE reservations (
  reservation_id text PRIMARY KEY,
  reference text NOT NULL,
  status text NOT NULL DEFAULT 'open',
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_kind text NOT NULL,
  created_by text NOT NULL,
  request_id text,
  ended_at timestamptz,
  ended_by_kind text,
  ended_by text,
  CONSTRAINT reservations_status_check CHECK (status IN ('open', 'posted', 'voided', 'expired')),
  CONSTRAINT reservations_ended_check CHECK ((status = 'open') = (ended_at IS NULL)),
  CONSTRAINT reservations_reference_length_check CHECK (length(reference) BETWEEN 1 AND 200)
);
CREATE INDEX reservations_open_expiry_idx ON reservations (expires_at) WHERE status = 'open' AND expires_at IS NOT NULL;
CREATE INDEX reservations_reference_idx ON reservations (reference);
CREATE INDEX reservations_status_idx ON reservations (status, created_at);

CREATE TABLE reservation_lines (
  reservation_id text NOT NULL REFERENCES reservations (reservation_id) ON DELETE RESTRICT,
  line_no smallint NOT NULL,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  location_id text NOT NULL,
  is_physical boolean NOT NULL DEFAULT true,
  qty bigint NOT NULL,
  posted_qty bigint NOT NULL DEFAULT 0,
  CONSTRAINT reservation_lines_pkey PRIMARY KEY (reservation_id, line_no),
  CONSTRAINT reservation_lines_key_key UNIQUE (reservation_id, location_id, sku_id),
  CONSTRAINT reservation_lines_location_fkey FOREIGN KEY (location_id, is_physical)
    REFERENCES locations (location_id, is_physical) ON DELETE RESTRICT,
  CONSTRAINT reservation_lines_physical_check CHECK (is_physical),
  CONSTRAINT reservation_lines_qty_check CHECK (qty > 0),
  CONSTRAINT reservation_lines_posted_check CHECK (posted_qty >= 0 AND posted_qty <= qty)
);
CREATE INDEX reservation_lines_stock_idx ON reservation_lines (location_id, sku_id);

-- An ended reservation never changes again; a line changes only by recording what its post consumed.
CREATE FUNCTION reservations_end_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'reservations are never deleted; void them' USING ERRCODE = '55000';
  END IF;
  IF OLD.status <> 'open' THEN
    RAISE EXCEPTION 'reservation % already ended (%)', OLD.reservation_id, OLD.status USING ERRCODE = '55000';
  END IF;
  IF NEW.reference IS DISTINCT FROM OLD.reference OR NEW.created_at IS DISTINCT FROM OLD.created_at
     OR NEW.created_by IS DISTINCT FROM OLD.created_by OR NEW.expires_at IS DISTINCT FROM OLD.expires_at THEN
    RAISE EXCEPTION 'only a reservation''s ending can be recorded' USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER reservations_end_once BEFORE UPDATE OR DELETE ON reservations
  FOR EACH ROW EXECUTE FUNCTION reservations_end_once();

CREATE FUNCTION reservation_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.reservation_id IS DISTINCT FROM OLD.reservation_id OR NEW.line_no <> OLD.line_no
     OR NEW.sku_id <> OLD.sku_id OR NEW.location_id <> OLD.location_id OR NEW.qty <> OLD.qty
     OR OLD.posted_qty <> 0 THEN
    RAISE EXCEPTION 'reservation lines are append-only except for recording what was posted' USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER reservation_lines_guard BEFORE UPDATE OR DELETE ON reservation_lines
  FOR EACH ROW EXECUTE FUNCTION reservation_lines_guard();

CREATE TABLE stock_transfers (
  transfer_id text PRIMARY KEY,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  from_location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  to_location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  transit_location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  qty bigint NOT NULL,
  received_qty bigint NOT NULL DEFAULT 0,
  lost_qty bigint NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'in_transit',
  reference text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT stock_transfers_qty_check CHECK (qty > 0),
  CONSTRAINT stock_transfers_progress_check CHECK (received_qty >= 0 AND lost_qty >= 0 AND received_qty + lost_qty <= qty),
  CONSTRAINT stock_transfers_status_check CHECK (status IN ('in_transit', 'received')),
  CONSTRAINT stock_transfers_done_check CHECK ((status = 'received') = (received_qty + lost_qty = qty))
);
CREATE INDEX stock_transfers_open_idx ON stock_transfers (to_location_id) WHERE status = 'in_transit';

CREATE TABLE stock_moves (
  move_seq bigint GENERATED ALWAYS AS IDENTITY,
  move_id text PRIMARY KEY,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  from_location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  to_location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  qty bigint NOT NULL,
  move_type text NOT NULL,
  reason text NOT NULL,
  reference text,
  note text,
  reservation_id text REFERENCES reservations (reservation_id) ON DELETE RESTRICT,
  transfer_id text REFERENCES stock_transfers (transfer_id) ON DELETE RESTRICT,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  request_id text,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_moves_move_seq_key UNIQUE (move_seq),
  CONSTRAINT stock_moves_qty_check CHECK (qty > 0),
  CONSTRAINT stock_moves_distinct_locations_check CHECK (from_location_id <> to_location_id),
  CONSTRAINT stock_moves_type_check CHECK (move_type IN ('receipt', 'adjustment', 'count', 'transfer', 'transfer_out', 'transfer_in', 'scrap', 'post')),
  CONSTRAINT stock_moves_reason_format_check CHECK (reason ~ '^[a-z][a-z_]{1,31}$')
);
CREATE INDEX stock_moves_sku_idx ON stock_moves (sku_id, move_seq);
CREATE INDEX stock_moves_from_idx ON stock_moves (from_location_id, move_seq);
CREATE INDEX stock_moves_to_idx ON stock_moves (to_location_id, move_seq);
CREATE INDEX stock_moves_occurred_idx ON stock_moves (occurred_at);
CREATE INDEX stock_moves_reservation_idx ON stock_moves (reservation_id) WHERE reservation_id IS NOT NULL;
CREATE TRIGGER stock_moves_append_only BEFORE UPDATE OR DELETE ON stock_moves
  FOR EACH ROW EXECUTE FUNCTION coulisse_reject_change();
CREATE TRIGGER stock_moves_no_truncate BEFORE TRUNCATE ON stock_moves
  FOR EACH STATEMENT EXECUTE FUNCTION coulisse_reject_change();

CREATE TABLE stock_counts (
  count_id text PRIMARY KEY,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  counted_qty bigint NOT NULL,
  expected_qty bigint,
  previous_qty bigint NOT NULL,
  move_id text REFERENCES stock_moves (move_id) ON DELETE RESTRICT,
  note text,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  request_id text,
  counted_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_counts_counted_check CHECK (counted_qty >= 0),
  CONSTRAINT stock_counts_expected_check CHECK (expected_qty IS NULL OR expected_qty >= 0)
);
CREATE INDEX stock_counts_key_idx ON stock_counts (location_id, sku_id, counted_at);
CREATE TRIGGER stock_counts_append_only BEFORE UPDATE OR DELETE ON stock_counts
  FOR EACH ROW EXECUTE FUNCTION coulisse_reject_change();
