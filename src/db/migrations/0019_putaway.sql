-- Put-away: moving goods from the receiving dock into storage bins, guided by rules and bin capacity.

-- A SKU's category, matched by put-away rules (free text, like "frozen" or "bulky").
ALTER TABLE skus ADD COLUMN category text;
ALTER TABLE skus ADD CONSTRAINT skus_category_check CHECK (category IS NULL OR length(category) BETWEEN 1 AND 64);

-- A bin's capacity in base units across SKUs; NULL = unlimited. Only bins have one.
ALTER TABLE locations ADD COLUMN capacity_units integer;
ALTER TABLE locations ADD CONSTRAINT locations_capacity_check
  CHECK (capacity_units IS NULL OR (capacity_units >= 0 AND kind = 'bin'));

-- Lets a rule's target name its kind and warehouse in a foreign key (a fixed-bin rule points at a bin of
-- the rule's warehouse, a zone rule at a zone of it), so the database keeps the target right.
CREATE UNIQUE INDEX locations_id_warehouse_kind_key ON locations (location_id, warehouse_id, kind);

CREATE TABLE putaway_rules (
  rule_id text PRIMARY KEY,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  priority integer NOT NULL,
  kind text NOT NULL,
  -- What the rule matches: one SKU, one category, or (both NULL) everything.
  sku_id text REFERENCES skus (sku_id) ON DELETE RESTRICT,
  category text,
  target_location_id text NOT NULL,
  target_kind text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT putaway_rules_kind_check CHECK (kind IN ('fixed_bin', 'zone', 'overflow')),
  CONSTRAINT putaway_rules_priority_check CHECK (priority BETWEEN 0 AND 1000000),
  CONSTRAINT putaway_rules_match_check CHECK (sku_id IS NULL OR category IS NULL),
  CONSTRAINT putaway_rules_category_check CHECK (category IS NULL OR length(category) BETWEEN 1 AND 64),
  CONSTRAINT putaway_rules_fixed_bin_sku_check CHECK (kind <> 'fixed_bin' OR sku_id IS NOT NULL),
  CONSTRAINT putaway_rules_target_kind_check CHECK (
    (kind = 'fixed_bin' AND target_kind = 'bin') OR (kind IN ('zone', 'overflow') AND target_kind = 'zone')),
  CONSTRAINT putaway_rules_target_fkey FOREIGN KEY (target_location_id, warehouse_id, target_kind)
    REFERENCES locations (location_id, warehouse_id, kind) ON DELETE RESTRICT
);
CREATE INDEX putaway_rules_warehouse_idx ON putaway_rules (warehouse_id, priority, rule_id);
CREATE INDEX putaway_rules_target_idx ON putaway_rules (target_location_id);
CREATE INDEX putaway_rules_sku_idx ON putaway_rules (sku_id) WHERE sku_id IS NOT NULL;

-- One task: qty units of a SKU to carry from a dock to a bin. The units are held at the dock by the task's
-- own reservation while it is open, so two tasks never promise the same units. Confirming moves them (a
-- transfer to the bin actually scanned) and ends the task; a partial confirmation leaves the rest in a new
-- open task (split_from).
CREATE TABLE putaway_tasks (
  task_id text PRIMARY KEY,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  from_location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  suggested_location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  rule_id text REFERENCES putaway_rules (rule_id) ON DELETE RESTRICT,
  qty bigint NOT NULL,
  reservation_id text NOT NULL REFERENCES reservations (reservation_id) ON DELETE RESTRICT,
  status text NOT NULL DEFAULT 'open',
  to_location_id text REFERENCES locations (location_id) ON DELETE RESTRICT,
  split_from text REFERENCES putaway_tasks (task_id) ON DELETE RESTRICT,
  source text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_kind text NOT NULL,
  created_by text NOT NULL,
  request_id text,
  done_at timestamptz,
  done_by_kind text,
  done_by text,
  cancelled_at timestamptz,
  cancelled_by text,
  CONSTRAINT putaway_tasks_qty_check CHECK (qty > 0),
  CONSTRAINT putaway_tasks_status_check CHECK (status IN ('open', 'done', 'cancelled')),
  CONSTRAINT putaway_tasks_done_check CHECK (
    (status = 'done') = (to_location_id IS NOT NULL AND done_at IS NOT NULL AND done_by IS NOT NULL)),
  CONSTRAINT putaway_tasks_cancelled_check CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CONSTRAINT putaway_tasks_moves_check CHECK (
    from_location_id <> suggested_location_id AND from_location_id <> coalesce(to_location_id, '')),
  CONSTRAINT putaway_tasks_source_check CHECK (source IS NULL OR length(source) BETWEEN 1 AND 200),
  CONSTRAINT putaway_tasks_reservation_key UNIQUE (reservation_id)
);
CREATE INDEX putaway_tasks_warehouse_idx ON putaway_tasks (warehouse_id, status, task_id);
CREATE INDEX putaway_tasks_open_suggested_idx ON putaway_tasks (suggested_location_id) WHERE status = 'open';
CREATE INDEX putaway_tasks_from_idx ON putaway_tasks (from_location_id);
CREATE INDEX putaway_tasks_to_idx ON putaway_tasks (to_location_id) WHERE to_location_id IS NOT NULL;
CREATE INDEX putaway_tasks_sku_idx ON putaway_tasks (sku_id);
CREATE INDEX putaway_tasks_split_idx ON putaway_tasks (split_from) WHERE split_from IS NOT NULL;
