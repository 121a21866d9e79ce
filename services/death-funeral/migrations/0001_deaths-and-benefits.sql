-- Up Migration
-- The civil-status register of deaths kept by this office, and the benefits decided from them.
-- Every column but the keys, numbers and dates is personal data: never logged.

CREATE TABLE deaths (
  certificate_number      text PRIMARY KEY,
  dossier_id              text NOT NULL UNIQUE,
  commune_code            text NOT NULL,
  -- The Vietnam civil date of registration, as printed on the extract.
  registration_date       date NOT NULL,
  registered_at           timestamptz NOT NULL,
  personal_id             text NOT NULL,
  full_name               text NOT NULL,
  sex                     text NOT NULL CHECK (sex IN ('male', 'female')),
  date_of_birth           date NOT NULL,
  date_of_death           date NOT NULL,
  place_of_death          text NOT NULL,
  cause_of_death          text,
  death_notice_kind       text NOT NULL CHECK (death_notice_kind IN ('hospital', 'legal-substitute')),
  death_notice_number     text NOT NULL,
  death_notice_issued_by  text NOT NULL,
  applicant_personal_id   text NOT NULL,
  applicant_relationship  text NOT NULL,
  -- An annulled registration stays, with who annulled it, when and why.
  annulled_at             timestamptz,
  annulled_by             text,
  annulment_reason        jsonb
);
-- A person cannot die twice: one standing death registration per personal ID, even if two
-- dossiers for the same death race.
CREATE UNIQUE INDEX deaths_once_per_person ON deaths (personal_id) WHERE annulled_at IS NULL;

-- Every electronic extract signed for a death.
CREATE TABLE death_extracts (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  certificate_number text NOT NULL REFERENCES deaths (certificate_number),
  jws                text NOT NULL,
  kid                text NOT NULL,
  signed_at          timestamptz NOT NULL
);
CREATE INDEX death_extracts_of_certificate ON death_extracts (certificate_number, id);

-- Funeral benefit and survivor allowance decisions: one per dossier and benefit. `decision`
-- keeps what the decision said (route, amounts, reference level, explanation).
CREATE TABLE benefit_decisions (
  decision_number text PRIMARY KEY,
  dossier_id      text NOT NULL,
  benefit         text NOT NULL CHECK (benefit IN ('funeral-benefit', 'survivor-allowance')),
  personal_id     text NOT NULL,
  paying_registry text NOT NULL CHECK (paying_registry IN ('social-insurance', 'social-protection', 'merit')),
  amount          bigint NOT NULL CHECK (amount >= 0),
  decision        jsonb NOT NULL,
  decided_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  UNIQUE (dossier_id, benefit)
);
-- Only one funeral benefit is paid for a death.
CREATE UNIQUE INDEX funeral_benefit_once_per_person ON benefit_decisions (personal_id)
  WHERE benefit = 'funeral-benefit' AND revoked_at IS NULL;

-- What must be paid back after a decision is revoked (its death registration annulled): our
-- recovery record, and the one the paying registry keeps.
CREATE TABLE recoveries (
  recovery_number          text PRIMARY KEY,
  decision_number          text NOT NULL UNIQUE REFERENCES benefit_decisions (decision_number),
  amount                   bigint NOT NULL CHECK (amount >= 0),
  reason                   jsonb NOT NULL,
  registry                 text NOT NULL,
  registry_recovery_number text NOT NULL,
  recorded_at              timestamptz NOT NULL
);

-- Down Migration
DROP TABLE recoveries;
DROP TABLE benefit_decisions;
DROP TABLE death_extracts;
DROP TABLE deaths;
