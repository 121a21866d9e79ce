-- Up Migration
-- A service may perform several acts (the residence service registers a newborn and deletes a
-- deceased person's residence; death-funeral registers the death and decides two benefits): a
-- case is per dossier AND act, the act named by the type of the command that opens it.
ALTER TABLE officer_tasks ADD COLUMN command_type text;
UPDATE officer_tasks t SET command_type = c.command_type FROM cases c WHERE c.dossier_id = t.dossier_id;
ALTER TABLE officer_tasks ALTER COLUMN command_type SET NOT NULL;
ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_dossier_id_fkey;
ALTER TABLE cases DROP CONSTRAINT cases_pkey;
ALTER TABLE cases ADD PRIMARY KEY (dossier_id, command_type);
ALTER TABLE officer_tasks
  ADD CONSTRAINT officer_tasks_case_fkey FOREIGN KEY (dossier_id, command_type)
  REFERENCES cases (dossier_id, command_type);
DROP INDEX officer_tasks_one_open;
CREATE UNIQUE INDEX officer_tasks_one_open ON officer_tasks (dossier_id, command_type) WHERE status = 'open';

-- A case may now also be stopped before it is decided (withdrawal, annulment, no supplement in
-- time), undone after it was done (compensation), or annulled at the office.
ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN (
  'awaiting_officer', 'supplement_requested', 'approved', 'refused', 'failed',
  'cancelled', 'compensated', 'annulled'));
ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_status_check;
ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_status_check CHECK (status IN (
  'open', 'approved', 'refused', 'supplement_requested', 'cancelled'));

-- Documents the citizen sent when asked (in order), and the undoing of the act: what it
-- returned, or why the last attempt failed (personal data: never logged).
ALTER TABLE cases ADD COLUMN supplements jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE cases ADD COLUMN undo jsonb;
ALTER TABLE cases ADD COLUMN undo_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN undone_at timestamptz;

-- Down Migration
ALTER TABLE cases DROP COLUMN undone_at;
ALTER TABLE cases DROP COLUMN undo_attempts;
ALTER TABLE cases DROP COLUMN undo;
ALTER TABLE cases DROP COLUMN supplements;
DELETE FROM officer_tasks WHERE status = 'cancelled';
ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_status_check;
ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_status_check CHECK (status IN (
  'open', 'approved', 'refused', 'supplement_requested'));
ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN (
  'awaiting_officer', 'supplement_requested', 'approved', 'refused', 'failed'));
DROP INDEX officer_tasks_one_open;
CREATE UNIQUE INDEX officer_tasks_one_open ON officer_tasks (dossier_id) WHERE status = 'open';
ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_case_fkey;
ALTER TABLE cases DROP CONSTRAINT cases_pkey;
ALTER TABLE cases ADD PRIMARY KEY (dossier_id);
ALTER TABLE officer_tasks ADD FOREIGN KEY (dossier_id) REFERENCES cases (dossier_id);
ALTER TABLE officer_tasks DROP COLUMN command_type;
