-- Up Migration

-- People on record. The primary key is what makes every issued number unique: the issuer draws
-- the random part again when an insert finds the number taken.
CREATE TABLE person (
  personal_id        char(12) PRIMARY KEY CHECK (personal_id ~ '^0[0-9]{11}$'),
  full_name          text NOT NULL CHECK (full_name <> ''),
  -- Lower-cased, NFC, single-spaced name: what duplicate checks compare.
  name_key           text NOT NULL,
  sex                text NOT NULL CHECK (sex IN ('male', 'female')),
  date_of_birth      date NOT NULL,
  status             text NOT NULL DEFAULT 'alive' CHECK (status IN ('alive', 'deceased')),
  date_of_death      date,
  province_code      char(2),
  mother_personal_id char(12),
  father_personal_id char(12),
  -- seed, admin or issued: where the record came from.
  source             text NOT NULL CHECK (source IN ('seed', 'admin', 'issued')),
  created_at         timestamptz NOT NULL,
  CHECK ((status = 'deceased') = (date_of_death IS NOT NULL))
);

-- The suspected-duplicate search: a child of this mother, born that day, with that name.
CREATE INDEX person_mother_birth_idx ON person (mother_personal_id, date_of_birth, name_key)
  WHERE mother_personal_id IS NOT NULL;

-- One row per caller idempotency key. Inserting it first is what makes a repeated or
-- concurrent request with the same key wait for, then return, the first one's answer.
CREATE TABLE personal_id_request (
  request_id         text PRIMARY KEY,
  -- The request's identifying fields as JSON text: a reused key with other data is refused.
  fingerprint        text NOT NULL,
  province_code      char(2) NOT NULL,
  child_full_name    text NOT NULL,
  child_sex          text NOT NULL CHECK (child_sex IN ('male', 'female')),
  child_date_of_birth date NOT NULL,
  mother_personal_id char(12) NOT NULL,
  father_personal_id char(12),
  callback_url       text,
  status             text NOT NULL CHECK (status IN ('pending', 'issued', 'refused')),
  personal_id        char(12) REFERENCES person (personal_id),
  refusal_code       text,
  refusal_reason     text,
  -- When a pending request is decided ("answer later" mode); survives restarts.
  due_at             timestamptz,
  received_at        timestamptz NOT NULL,
  decided_at         timestamptz,
  CHECK ((status = 'issued') = (personal_id IS NOT NULL)),
  CHECK ((status = 'refused') = (refusal_code IS NOT NULL)),
  CHECK (status <> 'pending' OR due_at IS NOT NULL)
);

-- At most one request per issued number.
CREATE UNIQUE INDEX personal_id_request_personal_id_idx ON personal_id_request (personal_id)
  WHERE personal_id IS NOT NULL;

CREATE INDEX personal_id_request_due_idx ON personal_id_request (due_at) WHERE status = 'pending';

-- Answers owed to callers of pending requests, delivered until acknowledged with a 2xx.
CREATE TABLE callback (
  request_id         text PRIMARY KEY REFERENCES personal_id_request (request_id),
  url                text NOT NULL,
  payload            jsonb NOT NULL,
  attempts           integer NOT NULL DEFAULT 0,
  -- Also the lease of a delivery in flight: set ahead when claimed, so a crashed deliverer's
  -- claim expires and another one retries.
  next_attempt_at    timestamptz NOT NULL,
  last_error         text,
  created_at         timestamptz NOT NULL,
  delivered_at       timestamptz
);

CREATE INDEX callback_due_idx ON callback (next_attempt_at) WHERE delivered_at IS NULL;
