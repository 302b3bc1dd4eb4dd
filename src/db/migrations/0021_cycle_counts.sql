-- Cycle counts. Count plans say what to count and how often (bins by location, or SKU x bin pairs by ABC
-- class); count tasks (0015) become the unit of counting work for every source: a plan, a negative
-- adjustment, a short pick, a manual request. A counted task keeps what the ledger expected at the moment
-- of the count, what was counted and the variance; a variance above the plan's threshold waits for a
-- manager (status 'counted') and changes no stock until approved. A rejected count stays as history and a
-- new open task (recount_of_task_id) replaces it.

CREATE TABLE count_plans (
  plan_id text PRIMARY KEY,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  name text,
  kind text NOT NULL,
  is_blind boolean NOT NULL DEFAULT true,
  -- location plans: bins whose code starts with this prefix, and/or the listed zones and bins
  location_prefix text,
  -- abc plans: days between counts per class, and the sales window (days) the classes are computed from
  freq_a_days integer,
  freq_b_days integer,
  freq_c_days integer,
  window_days integer,
  -- sales values (ABC) and variance values are in this currency
  currency text,
  threshold_units bigint,
  threshold_percent integer,
  threshold_value_minor bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_kind text NOT NULL,
  created_by text NOT NULL,
  last_generated_at timestamptz,
  CONSTRAINT count_plans_kind_check CHECK (kind IN ('location', 'abc')),
  CONSTRAINT count_plans_name_check CHECK (name IS NULL OR length(btrim(name)) BETWEEN 1 AND 200),
  CONSTRAINT count_plans_abc_check CHECK (
    (kind = 'abc') = (freq_a_days IS NOT NULL AND freq_b_days IS NOT NULL AND freq_c_days IS NOT NULL
                      AND window_days IS NOT NULL)),
  CONSTRAINT count_plans_freq_check CHECK (
    coalesce(freq_a_days, 1) BETWEEN 1 AND 3660 AND coalesce(freq_b_days, 1) BETWEEN 1 AND 3660
    AND coalesce(freq_c_days, 1) BETWEEN 1 AND 3660 AND coalesce(window_days, 1) BETWEEN 1 AND 3660),
  CONSTRAINT count_plans_location_check CHECK (kind = 'location' OR location_prefix IS NULL),
  CONSTRAINT count_plans_currency_check CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
  CONSTRAINT count_plans_threshold_check CHECK (
    coalesce(threshold_units, 0) >= 0 AND coalesce(threshold_percent, 0) BETWEEN 0 AND 100
    AND coalesce(threshold_value_minor, 0) >= 0),
  CONSTRAINT count_plans_value_currency_check CHECK (threshold_value_minor IS NULL OR currency IS NOT NULL)
);
CREATE INDEX count_plans_warehouse_idx ON count_plans (warehouse_id, created_at);

CREATE TABLE count_plan_locations (
  plan_id text NOT NULL REFERENCES count_plans (plan_id) ON DELETE RESTRICT,
  location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  CONSTRAINT count_plan_locations_pkey PRIMARY KEY (plan_id, location_id)
);

-- Two open tasks for one bin and SKU would be counted twice; keep the oldest before the unique index.
UPDATE count_tasks t SET status = 'cancelled', done_at = now(), done_by = 'migration_0021'
 WHERE t.status = 'open' AND EXISTS (
   SELECT 1 FROM count_tasks o WHERE o.status = 'open' AND o.location_id = t.location_id
      AND o.sku_id = t.sku_id AND (o.created_at, o.count_task_id) < (t.created_at, t.count_task_id));

ALTER TABLE count_tasks DROP CONSTRAINT count_tasks_source_check;
ALTER TABLE count_tasks DROP CONSTRAINT count_tasks_status_check;
ALTER TABLE count_tasks DROP CONSTRAINT count_tasks_done_check;
-- A location plan's "confirm empty" task names a bin and no SKU.
ALTER TABLE count_tasks ALTER COLUMN sku_id DROP NOT NULL;
ALTER TABLE count_tasks
  ADD COLUMN plan_id text REFERENCES count_plans (plan_id) ON DELETE RESTRICT,
  ADD COLUMN is_blind boolean NOT NULL DEFAULT false,
  ADD COLUMN abc_class text,
  ADD COLUMN expected_qty bigint,
  ADD COLUMN counted_qty bigint,
  ADD COLUMN variance bigint,
  ADD COLUMN variance_value_minor bigint,
  ADD COLUMN value_currency text,
  ADD COLUMN is_within_threshold boolean,
  ADD COLUMN counted_at timestamptz,
  ADD COLUMN counted_by text,
  ADD COLUMN approved_at timestamptz,
  ADD COLUMN approved_by text,
  ADD COLUMN approval_reason text,
  ADD COLUMN recount_of_task_id text REFERENCES count_tasks (count_task_id) ON DELETE RESTRICT;
ALTER TABLE count_tasks
  ADD CONSTRAINT count_tasks_source_check
    CHECK (source IN ('short_pick', 'manual', 'plan', 'negative_adjustment', 'abc')),
  ADD CONSTRAINT count_tasks_status_check
    CHECK (status IN ('open', 'counted', 'done', 'approved', 'rejected', 'cancelled')),
  -- done_at: when the task left the work queue (done, approved, rejected or cancelled)
  ADD CONSTRAINT count_tasks_done_check CHECK ((status IN ('open', 'counted')) = (done_at IS NULL)),
  ADD CONSTRAINT count_tasks_sku_check CHECK (sku_id IS NOT NULL OR status IN ('open', 'done', 'cancelled')),
  ADD CONSTRAINT count_tasks_counted_check CHECK (
    (status = 'open') <= (counted_qty IS NULL)
    AND (status IN ('counted', 'approved', 'rejected'))
        <= (counted_qty IS NOT NULL AND expected_qty IS NOT NULL AND counted_at IS NOT NULL)),
  ADD CONSTRAINT count_tasks_qty_check CHECK (
    coalesce(counted_qty, 0) >= 0 AND coalesce(expected_qty, 0) >= 0
    AND (variance IS NULL OR variance = counted_qty - expected_qty)),
  ADD CONSTRAINT count_tasks_approved_check CHECK (
    (status IN ('approved', 'rejected')) = (approved_at IS NOT NULL)
    AND (status <> 'rejected' OR approval_reason IS NOT NULL)),
  ADD CONSTRAINT count_tasks_abc_class_check CHECK (abc_class IS NULL OR abc_class IN ('A', 'B', 'C')),
  ADD CONSTRAINT count_tasks_value_check CHECK ((variance_value_minor IS NULL) = (value_currency IS NULL));
CREATE UNIQUE INDEX count_tasks_open_key ON count_tasks (location_id, (coalesce(sku_id, ''))) WHERE status = 'open';
CREATE INDEX count_tasks_plan_idx ON count_tasks (plan_id) WHERE plan_id IS NOT NULL;
CREATE INDEX count_tasks_counted_idx ON count_tasks (warehouse_id, counted_at) WHERE counted_at IS NOT NULL;
