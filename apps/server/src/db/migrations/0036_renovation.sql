-- Issue 22, next slice: a pipe segment's failure history, yearly renovation programmes and
-- plant capacity vs demand.

-- Bursts, leaks and repairs recorded at a segment (the register's failure count, dated).
create table pipe_failures (
  id bigint generated always as identity primary key,
  segment_id text not null references pipe_segments(id) on delete cascade,
  kind text not null check (kind in ('burst', 'leak', 'repair')),
  day date not null
);
create index pipe_failures_segment on pipe_failures (segment_id, day desc);

-- Renovation programmes (老旧管网改造): one per year and network, with a target length; its
-- segments are picked by the renewal rules, riskiest first.
create table renovation_programmes (
  id serial primary key,
  year integer not null check (year between 2000 and 2100),
  network text not null check (network in ('water', 'drainage', 'heating', 'gas')),
  -- The planner's own name; none: the web names it by year and network.
  name text,
  materials text[] not null default '{}',
  target_m double precision not null check (target_m > 0),
  created_at timestamptz not null default now()
);

-- A segment is renewed by at most one programme; done_day is when its renewal was reported done.
create table renovation_segments (
  programme_id integer not null references renovation_programmes(id) on delete cascade,
  segment_id text not null unique references pipe_segments(id) on delete cascade,
  length_m double precision not null check (length_m >= 0),
  cost_fen bigint not null check (cost_fen >= 0),
  done_day date,
  primary key (programme_id, segment_id)
);

-- Plant capacity vs demand: today's daily throughput (design capacity is already on the project)
-- and the admin's growth assumption for the demand it serves, % a year.
alter table infra_projects add column throughput double precision check (throughput >= 0);
alter table infra_projects add column demand_growth_pct double precision check (demand_growth_pct between -20 and 50);
