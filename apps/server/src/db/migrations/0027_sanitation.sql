-- Sanitation (环卫): cleaning sections cut from the city's roads, each with its cleaning standard,
-- window and contractor; and the sanitation vehicles (devices of the sweeper, washer and
-- garbage_truck profiles) with their route and shift, which the coverage (机扫率) is judged against.

create table sanitation_sections (
  id integer generated always as identity primary key,
  code text not null unique,
  road_name text not null,
  part integer not null check (part >= 1),
  road_class text not null check (road_class in ('A', 'B', 'C', 'D')),
  grade smallint not null check (grade between 1 and 4),
  sweeping_per_day smallint not null check (sweeping_per_day >= 0),
  washing_per_day smallint not null check (washing_per_day >= 0),
  mechanised boolean not null,
  -- The window in local minutes after midnight (the city's time zone).
  window_start smallint not null check (window_start between 0 and 1440),
  window_end smallint not null check (window_end between 0 and 1440),
  contractor text not null,
  contractor_en text not null,
  department_id integer references departments(id),
  district_code text,
  length_m double precision not null check (length_m > 0),
  -- [[lon, lat], ...]
  line jsonb not null,
  check (window_start < window_end)
);
create index sanitation_sections_department on sanitation_sections(department_id);

create table sanitation_vehicles (
  device_id text primary key references devices(id) on delete cascade,
  contractor text not null,
  contractor_en text not null,
  shift_start smallint not null check (shift_start between 0 and 1440),
  shift_end smallint not null check (shift_end between 0 and 1440),
  -- The line the vehicle drives on its shift, [[lon, lat], ...] (the simulator follows it).
  route jsonb not null
);

-- The case a missed section opened for its contractor, once per day and section.
create table sanitation_missed_cases (
  day date not null,
  section_id integer not null references sanitation_sections(id) on delete cascade,
  case_id bigint not null,
  case_code text not null,
  share double precision not null,
  opened_at timestamptz not null default now(),
  primary key (day, section_id)
);
