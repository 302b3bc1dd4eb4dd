-- Hold rules: declarative conditions evaluated when an order is taken; the first that matches puts the
-- order on hold, named in the hold reason.
CREATE TABLE hold_rules (
  rule_id text PRIMARY KEY,
  name text NOT NULL,
  channel_id text REFERENCES channels (channel_id) ON DELETE RESTRICT,
  condition jsonb NOT NULL,
  priority integer NOT NULL DEFAULT 100,
  is_active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT hold_rules_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 200)
);
CREATE UNIQUE INDEX hold_rules_name_key ON hold_rules (lower(name));
