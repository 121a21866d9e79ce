-- Up Migration
-- The civil-status register of births kept by this office. Every column but the keys and
-- dates is personal data: never logged. One registration per dossier (a re-sent command
-- resumes it, never registers again).
CREATE TABLE births (
  certificate_number            text PRIMARY KEY,
  dossier_id                    text NOT NULL UNIQUE,
  commune_code                  text NOT NULL,
  province_code                 text NOT NULL,
  -- The Vietnam civil date of registration, as printed on every extract of this birth.
  registration_date             date NOT NULL,
  registered_at                 timestamptz NOT NULL,
  child_full_name               text NOT NULL,
  -- The name as compared for suspected duplicates: NFC, lower case, single spaces.
  child_name_key                text NOT NULL,
  child_sex                     text NOT NULL CHECK (child_sex IN ('male', 'female')),
  child_date_of_birth           date NOT NULL,
  place_of_birth                text NOT NULL,
  hospital_certificate_number   text NOT NULL,
  ethnicity                     text,
  nationality                   text,
  mother_full_name              text NOT NULL,
  mother_personal_id            text NOT NULL,
  father_full_name              text,
  father_personal_id            text,
  -- Whether the parents were checked against the population database before registering
  -- ('verified') or the database did not answer and the check was skipped ('skipped'; the
  -- database checks the parents again when it issues the number).
  parents_check                 text NOT NULL CHECK (parents_check IN ('verified', 'skipped')),
  personal_id                   text UNIQUE,
  personal_id_attached_at       timestamptz
);
CREATE INDEX births_same_child ON births (mother_personal_id, child_date_of_birth, child_name_key);

-- What the parents check found for a dossier, written when the rules ran (before any officer
-- decision) so the act records it even when an officer approves later.
CREATE TABLE parent_checks (
  dossier_id  text PRIMARY KEY,
  -- 'answered': the database answered for every parent (the rules judged the answer);
  -- 'skipped': it did not answer in time.
  outcome     text NOT NULL CHECK (outcome IN ('answered', 'skipped')),
  detail      text,
  checked_at  timestamptz NOT NULL
);

-- Every electronic extract signed for a birth; the latest one is what the citizen holds. Older
-- ones (e.g. signed while the personal ID was pending) stay valid and stay here.
CREATE TABLE extracts (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  certificate_number text NOT NULL REFERENCES births (certificate_number),
  jws                text NOT NULL,
  kid                text NOT NULL,
  personal_id        text,
  signed_at          timestamptz NOT NULL
);
CREATE INDEX extracts_of_certificate ON extracts (certificate_number, id);

-- The request for the child's personal ID number to the National Population Database: a durable
-- piece of follow-up work. `next_attempt_at` is set while the ID worker has something to do
-- (ask again, or report a refusal or a failure); NULL once nothing is left.
CREATE TABLE personal_id_requests (
  dossier_id       text PRIMARY KEY REFERENCES births (dossier_id),
  -- The idempotency key sent to the database: the dossier id; after a refusal that an operator
  -- retries, `<dossier id>:<generation>` (a refused key always answers the same refusal).
  request_id       text NOT NULL UNIQUE,
  generation       integer NOT NULL DEFAULT 0,
  -- The callback URL sent with this request id: a request id is resent with exactly the data it
  -- was first sent with (the database answers 409 to the same id with other data).
  callback_url     text,
  status           text NOT NULL CHECK (status IN ('pending', 'issued', 'refused', 'failed')),
  -- Consecutive failed attempts (database unreachable, timed out, 5xx); reset by a real answer.
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  last_error       text,
  -- The reason BirthRegistrationFailed carries once the request is refused or has failed.
  reason           jsonb,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX personal_id_requests_due ON personal_id_requests (next_attempt_at)
  WHERE next_attempt_at IS NOT NULL;

-- Down Migration
DROP TABLE personal_id_requests;
DROP TABLE extracts;
DROP TABLE parent_checks;
DROP TABLE births;
