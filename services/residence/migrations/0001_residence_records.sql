-- Up Migration
-- Permanent residence records of children registered through the birth group. One record per
-- child: the unique personal ID enforces it even if two dossiers for the same child race, and
-- one per dossier. Personal data (IDs, address): never logged.
CREATE TABLE residence_records (
  record_number                  text PRIMARY KEY,
  personal_id                    text NOT NULL UNIQUE,
  dossier_id                     text NOT NULL UNIQUE,
  commune_code                   text NOT NULL,
  address                        text NOT NULL,
  household_head_personal_id     text NOT NULL,
  relationship_to_household_head text NOT NULL,
  registered_at                  timestamptz NOT NULL
);

-- Down Migration
DROP TABLE residence_records;
