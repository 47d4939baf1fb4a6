-- Market-run services (市场化运作): contracts for street cleaning, landscaping, public toilets,
-- waste collection, kitchen waste and sewage treatment, each with its contractor's project team
-- (a department: the handling unit its cases go to), its sections and its assessment rules; and
-- the monthly assessment of each contract, kept with its evidence, its dispute and the decision.

create table contracts (
  id integer generated always as identity primary key,
  code text not null unique,
  name text not null,
  name_en text not null,
  service text not null check (service in ('street_cleaning', 'landscaping', 'public_toilets',
    'waste_collection', 'kitchen_waste', 'sewage_treatment')),
  contractor text not null,
  contractor_en text not null,
  department_id integer not null references departments(id),
  district_code text,
  standard text not null,
  standard_en text not null,
  value_yuan numeric(14, 2) not null check (value_yuan >= 0),
  start_date date not null,
  end_date date not null,
  payment_terms text not null,
  payment_terms_en text not null,
  -- {passScore, yuanPerPoint, pointsPerComplaint, findingWeight, capYuan}
  rules jsonb not null,
  created_at timestamptz not null default now(),
  check (start_date <= end_date)
);
create index contracts_department on contracts(department_id);

-- A section as chosen or drawn, and what it resolved to: the unit grid codes (or one area code,
-- a prefix of its grids' codes) that cases are matched against.
create table contract_sections (
  contract_id integer not null references contracts(id) on delete cascade,
  seq smallint not null,
  kind text not null check (kind in ('grid', 'road', 'polygon')),
  ref text not null,
  name text not null,
  name_en text,
  -- [[[lon, lat], ...], ...]: the road's lines or the area's rings
  lines jsonb not null,
  codes text[] not null,
  primary key (contract_id, seq)
);

create table contract_assessments (
  contract_id integer not null references contracts(id) on delete cascade,
  month text not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  figures jsonb not null,
  computed_score numeric(6, 2) not null,
  score numeric(6, 2) not null check (score between 0 and 100),
  monthly_yuan numeric(14, 2) not null,
  uncapped_yuan numeric(14, 2) not null,
  deduction_yuan numeric(14, 2) not null check (deduction_yuan >= 0),
  cap_yuan numeric(14, 2) not null,
  -- [{id, code, category, state, reason}]
  evidence jsonb not null,
  status text not null default 'scored' check (status in ('scored', 'disputed', 'upheld', 'rejected')),
  dispute_reason text,
  disputed_by integer,
  disputed_at timestamptz,
  decision_note text,
  decided_by integer,
  decided_at timestamptz,
  computed_at timestamptz not null,
  primary key (contract_id, month),
  -- The robustness rule of the issue, kept by the database too: never above the contract's cap.
  check (deduction_yuan <= cap_yuan)
);
