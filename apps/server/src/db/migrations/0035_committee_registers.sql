-- The committee's registers beyond its campaigns (issue 23): the commitments (承诺事项, 合管) — joint
-- problem areas with a responsible member, partners, measures, milestones and a deadline, inspected
-- on the spot (a failed inspection is a case dispatched to the responsible member); community
-- liaison (双管双责): the bureau's cadres registered to communities and contact points; the approved
-- seasonal business sites (beer plazas, barbecue sites, night markets) with their permits; and the
-- contractors' own inspections of their sections (自查), which count in their monthly assessment.

create table committee_commitments (
  id integer generated always as identity primary key,
  code text not null unique,
  title text not null,
  title_en text not null,
  street_code text not null,
  place text not null,
  place_en text not null,
  lon double precision not null,
  lat double precision not null,
  -- The member answerable for the area; partners work on it with it.
  member_id integer not null references committee_members(id),
  partner_ids integer[] not null default '{}',
  measures text not null,
  measures_en text not null,
  start_date date not null,
  deadline date not null,
  seq integer not null,
  check (start_date <= deadline)
);

create table commitment_milestones (
  id integer generated always as identity primary key,
  commitment_id integer not null references committee_commitments(id) on delete cascade,
  title text not null,
  title_en text not null,
  due date not null,
  done_on date
);
create index commitment_milestones_commitment on commitment_milestones(commitment_id);

create table commitment_inspections (
  id integer generated always as identity primary key,
  commitment_id integer not null references committee_commitments(id) on delete cascade,
  inspected_on date not null,
  passed boolean not null,
  note text not null,
  photos text[] not null default '{}',
  -- A failed inspection's case, dispatched to the responsible member.
  case_id bigint,
  case_code text,
  inspected_by integer references users(id),
  recorded_at timestamptz not null,
  check (passed or case_id is not null)
);
create index commitment_inspections_commitment on commitment_inspections(commitment_id, inspected_on);

create table liaison_communities (
  id integer generated always as identity primary key,
  -- The community's code in the city (12 digits).
  code text not null unique,
  name text not null,
  name_en text not null,
  street_code text not null,
  lon double precision not null,
  lat double precision not null,
  seq integer not null
);

create table liaison_points (
  id integer generated always as identity primary key,
  community_id integer not null references liaison_communities(id),
  name text not null,
  name_en text not null,
  address text not null,
  lon double precision not null,
  lat double precision not null,
  -- Hours the point is staffed, e.g. 周二、周四 9:00–11:00.
  hours text not null,
  hours_en text not null
);
create index liaison_points_community on liaison_points(community_id);

create table liaison_cadres (
  id integer generated always as identity primary key,
  name text not null,
  phone text not null,
  department_id integer not null references departments(id),
  community_id integer not null references liaison_communities(id),
  point_id integer references liaison_points(id)
);
create index liaison_cadres_community on liaison_cadres(community_id);

create table approved_sites (
  id integer generated always as identity primary key,
  code text not null unique,
  kind text not null check (kind in ('beer_plaza', 'barbecue', 'night_market')),
  name text not null,
  name_en text not null,
  operator_name text not null,
  street_code text not null,
  address text not null,
  lon double precision not null,
  lat double precision not null,
  opens text not null check (opens ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  closes text not null check (closes ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  conditions text not null,
  conditions_en text not null,
  permit_no text not null unique,
  valid_from date not null,
  valid_to date not null,
  created_at timestamptz not null default now(),
  check (valid_from <= valid_to)
);

create table contract_self_inspections (
  id integer generated always as identity primary key,
  contract_id integer not null references contracts(id),
  inspected_on date not null,
  -- The section walked (its name in the contract), free text.
  section text not null,
  findings integer not null check (findings >= 0),
  fixed integer not null check (fixed >= 0 and fixed <= findings),
  note text not null default '',
  photos text[] not null default '{}',
  lon double precision,
  lat double precision,
  recorded_by integer references users(id),
  recorded_at timestamptz not null
);
create index contract_self_inspections_contract on contract_self_inspections(contract_id, inspected_on);
