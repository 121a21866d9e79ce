-- Up Migration
-- The W3C trace the dossier's journey belongs to: from the portal's request, or started here.
ALTER TABLE dossiers ADD COLUMN traceparent text;

-- Down Migration
ALTER TABLE dossiers DROP COLUMN traceparent;
