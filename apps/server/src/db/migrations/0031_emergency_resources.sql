-- Emergency command, second part (issue 20): teams and crews, equipment, materials by depot and
-- their use, the duty roster (值班表), snow road segments with the crews' reports (passable 通 /
-- clean 净), and ponding episodes per waterlogging point (from the gauge or reported).

create table emergency_depots (
  code text primary key,
  name text not null,
  name_en text not null,
  lon double precision not null,
  lat double precision not null
);

create table emergency_teams (
  code text primary key,
  name text not null,
  name_en text not null,
  -- The department the team belongs to (its staff acknowledge the team's call-outs).
  department text not null,
  hazards jsonb not null,
  leader text not null,
  leader_en text not null,
  phone text not null,
  members integer not null check (members >= 1),
  depot text not null references emergency_depots (code)
);

create table emergency_equipment (
  id text primary key,
  kind text not null check (kind in ('pump_truck', 'pump', 'generator', 'plough', 'brush_truck', 'spreader', 'loader')),
  depot text not null references emergency_depots (code),
  team text references emergency_teams (code),
  state text not null check (state in ('ready', 'deployed', 'repair')),
  -- The device it reports as over MQTT, if any (its position comes from there).
  device_id text
);

create table emergency_stock (
  depot text not null references emergency_depots (code),
  material text not null check (material in ('sandbag', 'deicer_chloride', 'deicer_free', 'sand')),
  quantity real not null check (quantity >= 0),
  primary key (depot, material)
);

create table emergency_material_use (
  id integer generated always as identity primary key,
  response_id integer references emergency_responses (id),
  depot text not null,
  material text not null,
  quantity real not null check (quantity > 0),
  used_by text not null,
  note text,
  at timestamptz not null
);

-- Who is on duty per day and shift: a department's person, the leader on shift at higher levels.
create table emergency_duty (
  id integer generated always as identity primary key,
  day date not null,
  shift text not null check (shift in ('day', 'night')),
  department text not null,
  person text not null,
  person_en text not null,
  username text,
  phone text not null,
  leader boolean not null default false,
  checked_in_at timestamptz,
  handover text,
  unique (day, shift, department, person)
);
create index emergency_duty_day on emergency_duty (day);

-- A call-out may name a team (its leader and its department acknowledge it).
alter table emergency_callouts drop constraint emergency_callouts_target_kind_check;
alter table emergency_callouts
  add constraint emergency_callouts_target_kind_check check (target_kind in ('user', 'department', 'team'));

create table emergency_snow_segments (
  id integer generated always as identity primary key,
  code text not null unique,
  name text not null,
  name_en text not null,
  road_class text not null check (road_class in ('A', 'B', 'C')),
  special text check (special in ('slope', 'bridge', 'interchange', 'hospital', 'school')),
  line jsonb not null,
  length_m real not null,
  team text references emergency_teams (code)
);

-- A crew's report on a segment in a snow response; a phone's repeated upload is one report.
create table emergency_segment_reports (
  id integer generated always as identity primary key,
  response_id integer not null references emergency_responses (id),
  segment_id integer not null references emergency_snow_segments (id),
  stage text not null check (stage in ('passable', 'clean')),
  reported_at timestamptz not null,
  reported_by text not null,
  photo_id text,
  deicer_t real,
  client_id text not null unique,
  unique (response_id, segment_id, stage)
);

-- Ponding at a point: from its gauge (over the point's yellow depth until back under) or reported.
create table emergency_ponding (
  id integer generated always as identity primary key,
  device_id text not null,
  source text not null check (source in ('sensor', 'reported')),
  started_at timestamptz not null,
  ended_at timestamptz,
  peak_cm real,
  reported_by text,
  check (ended_at is null or ended_at >= started_at)
);
-- At most one open episode per point.
create unique index emergency_ponding_open on emergency_ponding (device_id) where ended_at is null;
create index emergency_ponding_time on emergency_ponding (started_at);
