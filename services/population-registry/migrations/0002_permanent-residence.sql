-- Up Migration

-- The person's permanent residence (nơi thường trú) as the population database records it,
-- when known: what the police read to delete a deceased person's residence. All three columns
-- are set together or not at all.
ALTER TABLE person
  ADD COLUMN residence_commune_code char(5) CHECK (residence_commune_code ~ '^[0-9]{5}$'),
  ADD COLUMN residence_address      text CHECK (char_length(residence_address) BETWEEN 5 AND 300),
  ADD COLUMN residence_since        date,
  ADD CONSTRAINT person_residence_complete CHECK (
    (residence_commune_code IS NULL) = (residence_address IS NULL)
    AND (residence_address IS NULL) = (residence_since IS NULL)
  );

-- Down Migration
ALTER TABLE person
  DROP CONSTRAINT person_residence_complete,
  DROP COLUMN residence_since,
  DROP COLUMN residence_address,
  DROP COLUMN residence_commune_code;
