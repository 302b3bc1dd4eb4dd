-- Outgoing webhooks: subscriptions (URL, event types, signing secret) and one delivery per (subscription,
-- event), retried with backoff until delivered or dead. Events come from the transactional outbox.

CREATE TABLE webhook_subscriptions (
  webhook_id text PRIMARY KEY,
  url text NOT NULL,
  events text[] NOT NULL,
  -- The signing secret must be readable to sign (HMAC); it is shown once at creation and never listed.
  secret text NOT NULL,
  description text,
  is_active boolean NOT NULL DEFAULT true,
  -- Events up to this sequence number have been fanned out to this subscription.
  scanned_seq bigint NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT webhook_subscriptions_url_check CHECK (url ~ '^https?://' AND length(url) <= 2000),
  CONSTRAINT webhook_subscriptions_events_check CHECK (cardinality(events) >= 1)
);

CREATE TABLE webhook_deliveries (
  delivery_id text PRIMARY KEY,
  webhook_id text NOT NULL REFERENCES webhook_subscriptions (webhook_id) ON DELETE RESTRICT,
  event_id text NOT NULL,
  event_seq bigint NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  last_status_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'delivering', 'delivered', 'failed', 'dead'))
);
CREATE UNIQUE INDEX webhook_deliveries_event_key ON webhook_deliveries (webhook_id, event_id);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
  WHERE status IN ('pending', 'delivering', 'failed');
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, created_at);
