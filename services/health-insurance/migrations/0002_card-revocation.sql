-- Up Migration
-- A card is revoked when the birth registration it was issued from is annulled; the row stays.
-- One ACTIVE first card per child.
ALTER TABLE cards ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked'));
ALTER TABLE cards ADD COLUMN revoked_at timestamptz;
ALTER TABLE cards ADD COLUMN revocation_reason jsonb;
ALTER TABLE cards DROP CONSTRAINT cards_personal_id_key;
CREATE UNIQUE INDEX cards_one_active ON cards (personal_id) WHERE status = 'active';

-- Down Migration
DROP INDEX cards_one_active;
ALTER TABLE cards ADD CONSTRAINT cards_personal_id_key UNIQUE (personal_id);
ALTER TABLE cards DROP COLUMN revocation_reason;
ALTER TABLE cards DROP COLUMN revoked_at;
ALTER TABLE cards DROP COLUMN status;
