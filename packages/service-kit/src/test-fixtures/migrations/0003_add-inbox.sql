-- Up Migration
CREATE TABLE inbox (
  message_id text PRIMARY KEY,
  handled_at timestamptz NOT NULL DEFAULT now()
);
