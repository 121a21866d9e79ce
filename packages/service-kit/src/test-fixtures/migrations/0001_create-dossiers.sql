-- Up Migration
CREATE TABLE dossier (
  id text PRIMARY KEY,
  procedure text NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE dossier;
