-- Up Migration
-- Dossiers as the portal submitted them. `submission` holds personal data: it is read by the
-- API and the saga, never logged.
CREATE TABLE dossiers (
  id                 text PRIMARY KEY,
  procedure          text NOT NULL,
  services           text[] NOT NULL,
  commune_code       text NOT NULL,
  status             text NOT NULL,
  portal_status_code smallint NOT NULL,
  submission         jsonb NOT NULL,
  submitted_by       text NOT NULL,
  idempotency_key    text NOT NULL,
  request_hash       text NOT NULL,
  received_at        timestamptz NOT NULL,
  first_reply_at     timestamptz,
  updated_at         timestamptz NOT NULL,
  finished_at        timestamptz,
  -- The same caller repeating the same key gets the same dossier, enforced here.
  UNIQUE (submitted_by, idempotency_key)
);
CREATE INDEX dossiers_by_received ON dossiers (received_at DESC, id DESC);
CREATE INDEX dossiers_by_status ON dossiers (status, received_at DESC);
CREATE INDEX dossiers_by_commune ON dossiers (commune_code, received_at DESC);

-- One saga per dossier: the orchestrator's state, and when it next needs a tick.
CREATE TABLE sagas (
  dossier_id         text PRIMARY KEY REFERENCES dossiers (id),
  definition         text NOT NULL,
  definition_version integer NOT NULL,
  status             text NOT NULL,
  state              jsonb NOT NULL,
  wake_at            timestamptz,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX sagas_to_wake ON sagas (wake_at) WHERE wake_at IS NOT NULL;
CREATE INDEX sagas_by_status ON sagas (status, updated_at DESC);

-- The dossier's timeline: appended, never updated.
CREATE TABLE dossier_history (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id text NOT NULL REFERENCES dossiers (id),
  at         timestamptz NOT NULL,
  entry      jsonb NOT NULL
);
CREATE INDEX dossier_history_by_dossier ON dossier_history (dossier_id, id);

-- Every agency record number points back to its dossier (find a dossier by any of them).
CREATE TABLE record_numbers (
  kind       text NOT NULL,
  number     text NOT NULL,
  dossier_id text NOT NULL REFERENCES dossiers (id),
  PRIMARY KEY (kind, number)
);
CREATE INDEX record_numbers_by_dossier ON record_numbers (dossier_id);

-- Down Migration
DROP TABLE record_numbers;
DROP TABLE dossier_history;
DROP TABLE sagas;
DROP TABLE dossiers;
