-- Sanitation, continued (环卫): waste collection and transfer with weighbridge records, waste
-- sorting (垃圾分类) compounds and their inspections, public toilets and their cleaning checks.
-- Municipal facilities (市政): roads, bridges, manhole covers and street-light cabinets with
-- inspections whose defects open cases; problems outside the bureau's remit (权限外问题).

-- Collection points, restaurants (kitchen waste), transfer stations and treatment plants.
create table waste_facilities (
  id integer generated always as identity primary key,
  code text not null unique,
  kind text not null check (kind in ('collection_point', 'restaurant', 'transfer_station', 'treatment_plant')),
  stream text not null check (stream in ('mixed', 'kitchen', 'recyclable', 'hazardous', 'other')),
  name text not null,
  name_en text not null,
  lon double precision not null,
  lat double precision not null,
  district_code text,
  -- Transfer stations and plants: tonnes a day they can take.
  capacity_t double precision check (capacity_t is null or capacity_t > 0)
);

-- Weighbridge records (地磅): one weighing of a truck at a station or plant.
create table waste_weighings (
  id bigint generated always as identity primary key,
  facility_id integer not null references waste_facilities(id) on delete cascade,
  truck text not null,
  stream text not null check (stream in ('mixed', 'kitchen', 'recyclable', 'hazardous', 'other')),
  weighed_at timestamptz not null,
  gross_kg double precision not null check (gross_kg > 0),
  tare_kg double precision not null check (tare_kg > 0),
  recorded_by text,
  check (gross_kg > tare_kg)
);
create index waste_weighings_at on waste_weighings(weighed_at);

-- Waste sorting (垃圾分类): participating compounds and their sorting-quality inspections.
create table sorting_compounds (
  id integer generated always as identity primary key,
  code text not null unique,
  name text not null,
  name_en text not null,
  community text not null,
  community_en text not null,
  district_code text,
  households integer not null check (households > 0),
  participating integer not null check (participating >= 0),
  pilot boolean not null default false,
  lon double precision not null,
  lat double precision not null,
  check (participating <= households)
);

create table sorting_inspections (
  id bigint generated always as identity primary key,
  compound_id integer not null references sorting_compounds(id) on delete cascade,
  inspected_on date not null,
  checked integer not null check (checked > 0),
  correct integer not null check (correct >= 0),
  note text,
  inspector text,
  check (correct <= checked)
);
create index sorting_inspections_on on sorting_inspections(inspected_on);

-- Public toilets (公厕) and their cleanliness checks; citizen reports linked as cases.
create table public_toilets (
  id integer generated always as identity primary key,
  code text not null unique,
  name text not null,
  name_en text not null,
  lon double precision not null,
  lat double precision not null,
  district_code text,
  grade smallint not null check (grade between 1 and 3),
  -- Opening hours in local minutes; 0–1440 is round the clock.
  opens smallint not null check (opens between 0 and 1440),
  closes smallint not null check (closes between 0 and 1440),
  state text not null default 'open' check (state in ('open', 'closed', 'repair')),
  sensor boolean not null default false,
  check (opens < closes)
);

create table toilet_checks (
  id bigint generated always as identity primary key,
  toilet_id integer not null references public_toilets(id) on delete cascade,
  checked_at timestamptz not null,
  score smallint not null check (score between 0 and 100),
  note text,
  inspector text,
  case_id bigint,
  case_code text
);
create index toilet_checks_toilet on toilet_checks(toilet_id, checked_at);

create table toilet_reports (
  toilet_id integer not null references public_toilets(id) on delete cascade,
  case_id bigint not null,
  case_code text not null,
  reported_at timestamptz not null default now(),
  primary key (toilet_id, case_id)
);

-- Municipal facilities (市政设施): road segments, bridges, manhole covers, street-light cabinets.
create table municipal_facilities (
  id integer generated always as identity primary key,
  code text not null unique,
  kind text not null check (kind in ('road', 'bridge', 'manhole', 'streetlight_cabinet')),
  -- road: class A–D; bridge: girder/arch/…; manhole: ordinary/anti_subsidence; cabinet: ''.
  subtype text not null default '',
  name text not null,
  name_en text not null,
  lon double precision not null,
  lat double precision not null,
  line jsonb,
  district_code text,
  -- A cabinet's (or a fitted sensor's) device.
  device_id text references devices(id) on delete set null,
  -- road: PCI 0–100; bridge: technical condition grade 1–5 (一类…五类); manhole: null.
  condition double precision,
  lamps integer
);
create index municipal_facilities_kind on municipal_facilities(kind);

create table municipal_inspections (
  id bigint generated always as identity primary key,
  facility_id integer not null references municipal_facilities(id) on delete cascade,
  inspected_at timestamptz not null,
  condition double precision,
  defect text,
  inspector text,
  case_id bigint,
  case_code text
);
create index municipal_inspections_facility on municipal_inspections(facility_id, inspected_at);

-- A cabinet's fault or lights out opens one case per cabinet and local day.
create table streetlight_cases (
  device_id text not null,
  day date not null,
  case_id bigint not null,
  case_code text not null,
  primary key (device_id, day)
);

-- Problems outside the bureau's remit (权限外问题): the responsible party, the coordination, and
-- when the bureau fixes it itself, the advance payment (垫资) and its recovery.
create table remit_cases (
  case_id bigint primary key,
  case_code text not null,
  party_kind text not null check (party_kind in ('developer', 'property_manager', 'utility_company', 'other')),
  party_name text not null,
  steps jsonb not null default '[]',
  advance boolean not null default false,
  cost_yuan double precision not null default 0 check (cost_yuan >= 0),
  approval text not null default 'none' check (approval in ('none', 'pending', 'approved', 'rejected')),
  approved_by text,
  recovery text not null default 'none' check (recovery in ('none', 'pending', 'partial', 'recovered', 'written_off')),
  recovered_yuan double precision not null default 0 check (recovered_yuan >= 0),
  opened_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
