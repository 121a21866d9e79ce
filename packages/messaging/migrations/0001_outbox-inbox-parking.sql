-- Up Migration
-- The messaging tables live in each service's own schema (search_path), next to the
-- service's state, so a state change and its messages commit in one transaction.

-- Transactional outbox: rows written in the same transaction as the state change, published
-- by the relay. Rows are found by "not yet published", never by an id cursor, so rows that
-- commit out of id order are not skipped.
CREATE TABLE outbox (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id   text NOT NULL UNIQUE,
  topic        text NOT NULL,
  message_key  text NOT NULL,
  headers      jsonb NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Idempotent consumer: a message id is recorded in the transaction that applies its effect
-- (or parks it); a redelivered message finds its row and changes nothing.
CREATE TABLE inbox (
  consumer     text NOT NULL,
  message_id   text NOT NULL,
  message_type text NOT NULL,
  topic        text NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset bigint NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('handled', 'parked', 'queued')),
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_id)
);

-- A key (dossier) is parked while any of its messages awaits an operator; later messages of
-- the same key queue behind it so the dossier's order is kept, while other keys flow.
CREATE TABLE parked_keys (
  consumer    text NOT NULL,
  message_key text NOT NULL,
  parked_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_key)
);

CREATE TABLE parked_messages (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  consumer        text NOT NULL,
  message_key     text NOT NULL,
  message_id      text NOT NULL,
  message_type    text,
  topic           text NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset    bigint NOT NULL,
  headers         jsonb NOT NULL,
  value           bytea,
  -- parked: failed, awaits an operator; waiting: queued behind a parked message of its key;
  -- released: handled after an operator's release; skipped: an operator chose not to handle it.
  status          text NOT NULL CHECK (status IN ('parked', 'waiting', 'released', 'skipped')),
  failure_kind    text CHECK (failure_kind IN ('poison', 'permanent', 'exhausted')),
  error           text,
  attempts        integer NOT NULL DEFAULT 0,
  parked_at       timestamptz NOT NULL DEFAULT now(),
  resolved_at     timestamptz,
  resolved_by     text,
  resolution_reason text,
  UNIQUE (consumer, message_id)
);
CREATE INDEX parked_messages_open ON parked_messages (consumer, message_key, id)
  WHERE status IN ('parked', 'waiting');

-- Down Migration
DROP TABLE parked_messages;
DROP TABLE parked_keys;
DROP TABLE inbox;
DROP TABLE outbox;
