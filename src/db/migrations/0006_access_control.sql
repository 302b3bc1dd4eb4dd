-- Access control: staff users, their warehouse assignments, server-side sessions for the web UI, API keys
-- for integrations, login throttling, and the append-only audit trail every mutation writes to in its own
-- transaction. Secrets are never stored: sessions and keys by SHA-256 of a 256-bit random token, passwords
-- as Argon2id hashes.

CREATE TABLE users (
  user_id text PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL,
  all_warehouses boolean NOT NULL DEFAULT false,
  is_disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT users_role_check CHECK (role IN ('owner', 'admin', 'manager', 'warehouse_operator', 'purchasing',
                                              'accountant', 'read_only')),
  CONSTRAINT users_email_check CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'),
  CONSTRAINT users_name_check CHECK (length(name) BETWEEN 1 AND 200),
  -- Owners and admins see every warehouse; the others see the warehouses they are assigned to.
  CONSTRAINT users_scope_check CHECK (role NOT IN ('owner', 'admin') OR all_warehouses)
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE user_warehouses (
  user_id text NOT NULL REFERENCES users (user_id) ON DELETE RESTRICT,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  CONSTRAINT user_warehouses_pkey PRIMARY KEY (user_id, warehouse_id)
);

CREATE TABLE sessions (
  session_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (user_id) ON DELETE RESTRICT,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  ended_reason text,
  address text,
  user_agent text,
  CONSTRAINT sessions_ended_check CHECK ((ended_at IS NULL) = (ended_reason IS NULL))
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE ended_at IS NULL;

CREATE TABLE api_keys (
  api_key_id text PRIMARY KEY,
  prefix text NOT NULL,
  secret_hash text NOT NULL,
  name text NOT NULL,
  scopes text[] NOT NULL,
  all_warehouses boolean NOT NULL,
  channel text,
  created_by text NOT NULL REFERENCES users (user_id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by text,
  CONSTRAINT api_keys_name_check CHECK (length(name) BETWEEN 1 AND 200),
  CONSTRAINT api_keys_scopes_check CHECK (cardinality(scopes) >= 1),
  CONSTRAINT api_keys_revoked_check CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix);

CREATE TABLE api_key_warehouses (
  api_key_id text NOT NULL REFERENCES api_keys (api_key_id) ON DELETE RESTRICT,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  CONSTRAINT api_key_warehouses_pkey PRIMARY KEY (api_key_id, warehouse_id)
);

-- Failed logins per account (`account:<email>`) and per client address (`address:<ip>`).
CREATE TABLE login_throttles (
  throttle_key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_failure_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  audit_seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  audit_id text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  actor_role text,
  operation text NOT NULL,
  target_type text,
  target_id text,
  before jsonb,
  after jsonb,
  reason text,
  request_id text,
  -- The warehouses a warehouse-bound change touched: a reader scoped to some warehouses sees the record
  -- only when it saw every one of them (a transfer between two warehouses needs both).
  warehouse_ids text[],
  CONSTRAINT audit_log_actor_kind_check CHECK (actor_kind IN ('user', 'api_key', 'system'))
);
CREATE UNIQUE INDEX audit_log_audit_id_key ON audit_log (audit_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, audit_seq);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, audit_seq);
CREATE INDEX audit_log_operation_idx ON audit_log (operation, audit_seq);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION coulisse_reject_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION coulisse_reject_change();

-- The shrinkage report reads adjustments and scrap by reason and time.
CREATE INDEX stock_moves_shrinkage_idx ON stock_moves (move_type, occurred_at) WHERE move_type IN ('adjustment', 'count', 'scrap');
