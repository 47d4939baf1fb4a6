-- Major infrastructure projects (基础设施项目, issue 22): plants and centres built for 10–15 years of
-- demand, with their capacity, budget (fen), progress and milestones.
create table infra_projects (
  id serial primary key,
  code text not null unique,
  name text not null,
  name_en text,
  type text not null check (type in ('water_plant', 'sewage_plant', 'waste_digestion', 'sludge_incineration',
    'kitchen_waste', 'heating_centre', 'network_renewal', 'other')),
  owner text not null,
  budget_fen bigint check (budget_fen >= 0),
  -- Design capacity added by the project, in its unit (m3/day, t/day, m2 of heated area).
  capacity double precision,
  -- What it grows to in a later phase (the 莱山 water plant: 100,000 now, 200,000 later).
  capacity_later double precision,
  capacity_unit text check (capacity_unit in ('m3_per_day', 't_per_day', 'm2')),
  progress_pct integer not null default 0 check (progress_pct between 0 and 100),
  status text not null default 'planned' check (status in ('planned', 'under_construction', 'in_service', 'suspended')),
  lon double precision,
  lat double precision,
  start_year integer,
  end_year integer
);

create table infra_project_milestones (
  id serial primary key,
  project_id integer not null references infra_projects(id) on delete cascade,
  seq integer not null,
  name text not null,
  name_en text,
  due_date date not null,
  done_date date,
  unique (project_id, seq)
);
