-- Up Migration
-- An annulled birth registration stays in the register, with who annulled it, when and why. An
-- annulled birth is no longer a "same child" for the duplicate check.
ALTER TABLE births ADD COLUMN annulled_at timestamptz;
ALTER TABLE births ADD COLUMN annulled_by text;
ALTER TABLE births ADD COLUMN annulment_reason jsonb;

-- Down Migration
ALTER TABLE births DROP COLUMN annulment_reason;
ALTER TABLE births DROP COLUMN annulled_by;
ALTER TABLE births DROP COLUMN annulled_at;
