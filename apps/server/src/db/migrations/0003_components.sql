-- The component registry (部件): every surveyed piece of street furniture — manhole covers, poles,
-- signs, bins, trees — with its category, owner (权属单位), competent department (主管部门),
-- maintainer (养护单位, who a case about it is usually dispatched to), unit grid and state. Cases
-- about a component point at it by its 16-digit code; the map and the inspector's report form
-- query it by box and by distance.

create table components (
  -- 6 area + 2 major + 2 minor + 6 sequence (CASE-LOOP.md "Codes").
  code text primary key check (code ~ '^[0-9]{16}$'),
  -- The code carries the category; the column repeats it so category filters use an index.
  category text not null check (category ~ '^[0-9]{4}$' and category = substr(code, 7, 4)),
  name text not null,
  competent_dept text,
  owner text,
  maintainer_dept_id integer references departments(id),
  grid_code text not null references unit_grids(code),
  state text not null default '完好' check (state in ('完好', '破损', '丢失', '占用', '废弃')),
  census_date date,
  change_date date,
  source text not null default 'manual',
  -- A ±0.5 m, B ±1 m, C ±10 m.
  accuracy_class char(1) not null default 'C' check (accuracy_class in ('A', 'B', 'C')),
  lon double precision not null check (lon between -180 and 180),
  lat double precision not null check (lat between -90 and 90),
  note text not null default '',
  version integer not null default 1,
  updated_at timestamptz not null default now()
);
create index components_grid on components(grid_code);
create index components_category_state on components(category, state);
create index components_maintainer on components(maintainer_dept_id);
-- Box and nearby queries: there is no PostGIS on PGlite, so a plain btree on (lat, lon). The range
-- on lat narrows the scan to a thin band of the city (a map view or a 50 m circle is a few
-- hundred metres of ~30 km north–south), and lon is then checked from the index entries alone.
-- Exact distances are computed for the few candidates left.
create index components_position on components(lat, lon);

-- The history of an instance: one row per change, written in the change's own transaction.
-- `changes` maps each changed field to [before, after] (before is null when the row was created).
create table component_events (
  id bigint generated always as identity primary key,
  component_code text not null references components(code) on delete cascade,
  at timestamptz not null default now(),
  action text not null check (action in ('census', 'created', 'updated', 'imported')),
  user_id integer references users(id),
  username text not null,
  changes jsonb not null,
  request_id text
);
create index component_events_component on component_events(component_code, id desc);
