-- Up Migration
-- Issued BHYT cards. One first card per child: the unique personal ID enforces it even if two
-- dossiers for the same child race.
CREATE TABLE cards (
  card_number             text PRIMARY KEY,
  personal_id             text NOT NULL UNIQUE,
  social_insurance_number text NOT NULL,
  dossier_id              text NOT NULL UNIQUE,
  valid_from              date NOT NULL,
  valid_to                date NOT NULL,
  issued_at               timestamptz NOT NULL
);

-- Down Migration
DROP TABLE cards;
