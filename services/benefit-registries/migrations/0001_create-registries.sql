-- Up Migration

-- Vietnam Social Security: one record per insured person, with what the funeral allowance and
-- the survivor allowance are decided from.
CREATE TABLE social_insurance_record (
  personal_id                     char(12) PRIMARY KEY CHECK (personal_id ~ '^[0-9]{12}$'),
  full_name                       text NOT NULL CHECK (full_name <> ''),
  sex                             text NOT NULL CHECK (sex IN ('male', 'female')),
  date_of_birth                   date NOT NULL,
  social_insurance_number         char(10) NOT NULL UNIQUE CHECK (social_insurance_number ~ '^[0-9]{10}$'),
  status                          text NOT NULL CHECK (status IN ('contributing', 'reserved', 'pensioner',
                                    'monthly-allowance', 'survivor-allowance')),
  compulsory_contribution_months  integer NOT NULL CHECK (compulsory_contribution_months >= 0),
  voluntary_contribution_months   integer NOT NULL CHECK (voluntary_contribution_months >= 0),
  -- Part of the two totals above, not on top of them.
  contribution_months_before_2014 integer NOT NULL CHECK (contribution_months_before_2014 >= 0),
  average_monthly_salary          bigint NOT NULL CHECK (average_monthly_salary >= 0),
  monthly_pension                 bigint CHECK (monthly_pension >= 0),
  pension_start_date              date,
  -- seed or admin: where the record came from.
  source                          text NOT NULL CHECK (source IN ('seed', 'admin')),
  created_at                      timestamptz NOT NULL,
  CHECK (contribution_months_before_2014
         <= compulsory_contribution_months + voluntary_contribution_months),
  CHECK ((status IN ('pensioner', 'monthly-allowance')) = (monthly_pension IS NOT NULL)),
  CHECK ((monthly_pension IS NULL) = (pension_start_date IS NULL))
);

-- The social-protection system: the commune paying, and the benefits received.
CREATE TABLE social_protection_record (
  personal_id  char(12) PRIMARY KEY CHECK (personal_id ~ '^[0-9]{12}$'),
  full_name    text NOT NULL CHECK (full_name <> ''),
  commune_code char(5) NOT NULL CHECK (commune_code ~ '^[0-9]{5}$'),
  source       text NOT NULL CHECK (source IN ('seed', 'admin')),
  created_at   timestamptz NOT NULL
);

CREATE TABLE social_protection_programme (
  personal_id    char(12) NOT NULL REFERENCES social_protection_record (personal_id) ON DELETE CASCADE,
  -- The programme's place in the record as it was added.
  position       integer NOT NULL CHECK (position >= 0),
  kind           text NOT NULL CHECK (kind IN ('monthly-social-assistance', 'social-pension')),
  since          date NOT NULL,
  until          date CHECK (until >= since),
  monthly_amount bigint NOT NULL CHECK (monthly_amount >= 0),
  PRIMARY KEY (personal_id, position)
);

-- People with merit (home-affairs sector).
CREATE TABLE merit_record (
  personal_id                char(12) PRIMARY KEY CHECK (personal_id ~ '^[0-9]{12}$'),
  full_name                  text NOT NULL CHECK (full_name <> ''),
  category                   text NOT NULL CHECK (category IN ('war-invalid', 'resistance-activist',
                               'revolutionary-contributor', 'heroic-mother', 'martyr-relative', 'other')),
  recognised_on              date NOT NULL,
  receives_monthly_allowance boolean NOT NULL,
  source                     text NOT NULL CHECK (source IN ('seed', 'admin')),
  created_at                 timestamptz NOT NULL
);

-- What each registry must recover after a benefit it paid was revoked. One row per caller
-- idempotency key and registry: inserting it (ON CONFLICT DO NOTHING) is what makes a repeated
-- or concurrent request with the same key get the first one's record.
CREATE TABLE recovery (
  registry          text NOT NULL CHECK (registry IN ('social-insurance', 'social-protection', 'merit')),
  request_id        text NOT NULL CHECK (request_id ~ '^[A-Za-z0-9._:-]{1,200}$'),
  recovery_number   text NOT NULL UNIQUE,
  -- The Vietnam year the number belongs to and its place in that year (gap-free, from 1).
  recovery_year     integer NOT NULL,
  recovery_sequence integer NOT NULL CHECK (recovery_sequence >= 1),
  personal_id       char(12) NOT NULL CHECK (personal_id ~ '^[0-9]{12}$'),
  decision_number   text NOT NULL CHECK (decision_number <> ''),
  amount            bigint NOT NULL CHECK (amount >= 0),
  reason            text NOT NULL CHECK (reason <> ''),
  recorded_at       timestamptz NOT NULL,
  PRIMARY KEY (registry, request_id),
  UNIQUE (registry, recovery_year, recovery_sequence)
);

CREATE INDEX recovery_personal_id_idx ON recovery (personal_id, recorded_at);

-- The last recovery sequence used per registry and year. Its row is locked (FOR UPDATE) by
-- whoever records a recovery, so numbers are handed out one at a time and only when used.
CREATE TABLE recovery_sequence (
  registry text NOT NULL CHECK (registry IN ('social-insurance', 'social-protection', 'merit')),
  year     integer NOT NULL,
  last     integer NOT NULL CHECK (last >= 0),
  PRIMARY KEY (registry, year)
);

-- Down Migration
DROP TABLE recovery_sequence;
DROP TABLE recovery;
DROP TABLE merit_record;
DROP TABLE social_protection_programme;
DROP TABLE social_protection_record;
DROP TABLE social_insurance_record;
