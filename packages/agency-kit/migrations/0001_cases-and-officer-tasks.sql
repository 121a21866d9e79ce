-- Up Migration
-- One case per dossier at this agency: the command it got, where it stands, what it decided.
-- `command` and `record` hold personal data; they are never logged.
CREATE TABLE cases (
  dossier_id     text PRIMARY KEY,
  command_type   text NOT NULL,
  command_id     text NOT NULL,
  command        jsonb NOT NULL,
  status         text NOT NULL CHECK (status IN ('awaiting_officer', 'supplement_requested', 'approved', 'refused', 'failed')),
  reason         jsonb,
  record         jsonb,
  received_at    timestamptz NOT NULL,
  decided_at     timestamptz,
  decided_by     text,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX cases_by_status ON cases (status, received_at);

-- Work for a human officer: a case the declared policy would not decide alone.
CREATE TABLE officer_tasks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id  text NOT NULL REFERENCES cases (dossier_id),
  reason      jsonb NOT NULL,
  status      text NOT NULL CHECK (status IN ('open', 'approved', 'refused', 'supplement_requested')),
  created_at  timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by text,
  resolution  jsonb
);
-- At most one open task per case.
CREATE UNIQUE INDEX officer_tasks_one_open ON officer_tasks (dossier_id) WHERE status = 'open';

-- Per-agency counters for record numbers (KS-..., TT-..., card numbers): gap-free per scope.
CREATE TABLE record_sequences (
  scope text PRIMARY KEY,
  last  bigint NOT NULL
);

-- Down Migration
DROP TABLE record_sequences;
DROP TABLE officer_tasks;
DROP TABLE cases;
