-- Up Migration
-- The trace of the command that opened the case: replies continue it, whenever they are sent.
ALTER TABLE cases ADD COLUMN traceparent text;

-- Down Migration
ALTER TABLE cases DROP COLUMN traceparent;
