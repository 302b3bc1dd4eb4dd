-- Shared building blocks: the append-only guard used by every history table, the GS1 check digit used by
-- catalog constraints, and the idempotency records that make every mutating API call safe to retry.

CREATE FUNCTION coulisse_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: this history is append-only; correct it with a new record',
    TG_OP, TG_TABLE_NAME USING ERRCODE = '55000';
END
$$;

-- GS1 Mod-10 (General Specifications 7.9): weights 3,1,3,... from the rightmost data digit.
CREATE FUNCTION gs1_check_digit_ok(digits text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT digits ~ '^[0-9]{2,}$' AND (
    SELECT (10 - sum(substr(reverse(left(digits, -1)), i, 1)::int * CASE WHEN i % 2 = 1 THEN 3 ELSE 1 END) % 10) % 10
    FROM generate_series(1, length(digits) - 1) AS i
  ) = right(digits, 1)::int
$$;

CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  idempotency_key text NOT NULL,
  operation text NOT NULL,
  request_hash text NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT idempotency_keys_pkey PRIMARY KEY (scope, idempotency_key),
  CONSTRAINT idempotency_keys_key_length_check CHECK (length(idempotency_key) BETWEEN 1 AND 255)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
