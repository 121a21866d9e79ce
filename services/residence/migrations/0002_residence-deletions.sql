-- Up Migration
-- A residence record is closed when its holder dies (deleted) or when the birth it came from is
-- annulled (removed); closed records stay on file. One ACTIVE record per person.
ALTER TABLE residence_records ADD COLUMN status text NOT NULL DEFAULT 'active'
  CHECK (status IN ('active', 'deleted', 'removed'));
ALTER TABLE residence_records ADD COLUMN closed_at timestamptz;
ALTER TABLE residence_records ADD COLUMN closed_by_dossier text;
ALTER TABLE residence_records DROP CONSTRAINT residence_records_personal_id_key;
CREATE UNIQUE INDEX residence_records_one_active ON residence_records (personal_id) WHERE status = 'active';

-- Deletions of a deceased person's permanent residence, one per dossier, under their own number.
-- The residence deleted is either a record of this register (record_number) or the permanent
-- residence the national population database holds (source 'population-database'). A restored
-- deletion (the death registration was annulled) keeps its row, with why and when.
-- Personal data (ID, address): never logged.
CREATE TABLE residence_deletions (
  deletion_number          text PRIMARY KEY,
  dossier_id               text NOT NULL UNIQUE,
  personal_id              text NOT NULL,
  record_number            text REFERENCES residence_records (record_number),
  source                   text NOT NULL CHECK (source IN ('register', 'population-database')),
  commune_code             text NOT NULL,
  address                  text NOT NULL,
  death_certificate_number text NOT NULL,
  deleted_at               timestamptz NOT NULL,
  restored_at              timestamptz,
  restore_reason           jsonb
);
-- A person's residence is deleted once: a second dossier for the same death is refused.
CREATE UNIQUE INDEX residence_deletions_one_standing ON residence_deletions (personal_id)
  WHERE restored_at IS NULL;

-- Down Migration
DROP TABLE residence_deletions;
DROP INDEX residence_records_one_active;
ALTER TABLE residence_records ADD CONSTRAINT residence_records_personal_id_key UNIQUE (personal_id);
ALTER TABLE residence_records DROP COLUMN closed_by_dossier;
ALTER TABLE residence_records DROP COLUMN closed_at;
ALTER TABLE residence_records DROP COLUMN status;
