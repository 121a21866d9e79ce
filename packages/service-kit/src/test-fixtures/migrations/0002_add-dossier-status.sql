-- A plain SQL file with no markers is all "up".
ALTER TABLE dossier ADD COLUMN status text NOT NULL DEFAULT 'SUBMITTED';
CREATE INDEX dossier_status_idx ON dossier (status);
