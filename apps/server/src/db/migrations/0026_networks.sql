-- Pipe networks (管网, issue 22): water supply, drainage (storm and sewage), heating and gas as line
-- segments with the attributes of a survey register (CJJ 61: 管材, 管径, 建设年代, 压力, 埋深,
-- 权属单位), so the renewal rules and the risk score can be applied to every segment.
create table pipe_segments (
  id text primary key,
  network text not null check (network in ('water', 'drainage', 'heating', 'gas')),
  kind text not null check (kind in ('supply', 'storm', 'sewage')),
  material text not null,
  diameter_mm integer not null check (diameter_mm > 0),
  install_year integer not null check (install_year between 1900 and 2100),
  pressure_class text,
  depth_m real,
  owner text not null,
  state text not null default 'in_service' check (state in ('in_service', 'out_of_service', 'abandoned')),
  -- Bursts and repairs recorded at the segment (its failure history, read by the risk score).
  failures integer not null default 0 check (failures >= 0),
  district_code text,
  grid_code text,
  length_m double precision not null check (length_m >= 0),
  -- GeoJSON LineString in WGS-84, and its box: no PostGIS on PGlite, so box queries use plain
  -- columns (a view at street zoom is a thin band of latitude, then lon is checked).
  geometry jsonb not null,
  min_lon double precision not null,
  min_lat double precision not null,
  max_lon double precision not null,
  max_lat double precision not null
);

create index pipe_segments_box on pipe_segments (network, min_lat, max_lat);
