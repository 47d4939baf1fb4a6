-- The city's organisation: districts → streets → communities → unit grids (万米单元网格), the
-- supervision grids inspectors patrol, and the departments that handle cases. Geometry is kept as
-- GeoJSON coordinates plus a bounding box: point lookups go through the in-memory spatial index,
-- so the same schema runs on PGlite (no PostGIS) and on a PostgreSQL server.

create table districts (
  code text primary key check (code ~ '^[0-9]{6}$'),
  name text not null,
  name_en text,
  geometry jsonb not null,
  updated_at timestamptz not null default now()
);

create table streets (
  code text primary key check (code ~ '^[0-9]{9}$'),
  district_code text not null references districts(code),
  name text not null,
  geometry jsonb,
  updated_at timestamptz not null default now()
);
create index streets_district on streets(district_code);

create table communities (
  code text primary key check (code ~ '^[0-9]{12}$'),
  street_code text not null references streets(code),
  name text not null,
  geometry jsonb,
  updated_at timestamptz not null default now()
);
create index communities_street on communities(street_code);

create table supervision_grids (
  code text primary key,
  street_code text not null references streets(code),
  name text not null,
  updated_at timestamptz not null default now()
);
create index supervision_grids_street on supervision_grids(street_code);

create table unit_grids (
  code text primary key check (code ~ '^[0-9]{15}$'),
  community_code text not null references communities(code),
  supervision_grid_code text references supervision_grids(code),
  responsible_body text,
  -- GeoJSON Polygon coordinates: [[[lon, lat], ...]] in WGS-84.
  polygon jsonb not null,
  min_lon double precision not null,
  min_lat double precision not null,
  max_lon double precision not null,
  max_lat double precision not null,
  centroid_lon double precision not null,
  centroid_lat double precision not null,
  area_m2 double precision not null,
  valid_from date not null default current_date,
  valid_to date,
  version integer not null default 1,
  updated_at timestamptz not null default now()
);
create index unit_grids_community on unit_grids(community_code);
create index unit_grids_supervision on unit_grids(supervision_grid_code);

create table departments (
  id integer generated always as identity primary key,
  code text not null unique,
  name text not null,
  kind text not null,
  district_code text references districts(code),
  -- Component (部件) and event (事件) category codes share the 4-digit space (0101 is a water
  -- manhole cover as a component, an unauthorised structure as an event), so they are kept apart.
  component_categories text[] not null default '{}',
  event_categories text[] not null default '{}',
  -- District codes it covers ('{}' = whole city).
  area_codes text[] not null default '{}',
  authority text,
  active boolean not null default true,
  updated_at timestamptz not null default now()
);

create table users (
  id integer generated always as identity primary key,
  username text not null unique,
  display_name text not null,
  password_hash text not null,
  roles text[] not null,
  jurisdiction_level text not null check (jurisdiction_level in ('city', 'district', 'street', 'department')),
  jurisdiction_code text,
  department_id integer references departments(id),
  phone text,
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table user_supervision_grids (
  user_id integer not null references users(id) on delete cascade,
  supervision_grid_code text not null references supervision_grids(code),
  primary key (user_id, supervision_grid_code)
);
create index user_supervision_grids_grid on user_supervision_grids(supervision_grid_code);

-- Only a hash of the session token is stored, so a leaked table does not leak sessions.
create table sessions (
  token_hash text primary key,
  user_id integer not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions(user_id);

-- Every write through the API: who, when, what changed.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  user_id integer references users(id),
  username text,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text
);
create index audit_log_entity on audit_log(entity, entity_id);
create index audit_log_at on audit_log(at desc);

-- Offline base layers for the map (coastline, roads, places) and other small city settings.
create table map_layers (
  name text primary key,
  geojson jsonb not null,
  updated_at timestamptz not null default now()
);

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- Grid imports run as jobs so a browser can follow progress; the report is kept.
create table import_jobs (
  id integer generated always as identity primary key,
  kind text not null,
  state text not null check (state in ('validating', 'invalid', 'running', 'done', 'failed')),
  total integer not null default 0,
  processed integer not null default 0,
  report jsonb,
  created_by integer references users(id),
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
