-- Utilities monitoring and remote control: the device registry with per-device MQTT credentials,
-- device profiles, telemetry as narrow time-partitioned rows with 1-minute and 1-hour rollups,
-- alarm rules and alarms with their event trail, and remote commands with theirs.

-- What a kind of device reports and accepts (seeded from the domain's SEED_PROFILES).
create table device_profiles (
  type text primary key check (type ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text not null,
  name_en text not null,
  metrics jsonb not null,
  commands jsonb not null,
  updated_at timestamptz not null default now()
);

create table devices (
  id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$'),
  -- Narrow readings carry this 4-byte number instead of the id text.
  num integer generated always as identity unique,
  type text not null references device_profiles(type),
  name text not null,
  lon double precision not null check (lon between -180 and 180),
  lat double precision not null check (lat between -90 and 90),
  grid_code text references unit_grids(code),
  department_id integer references departments(id),
  -- sha256 of the MQTT password: tokens are 192-bit random (or HMAC) strings, so a slow hash adds
  -- nothing but reconnect-storm CPU when 10 000 devices come back at once.
  token_hash text not null,
  -- Demo fleet only: the deterministic demo token, shown to an administrator on the device page.
  demo_token text,
  status text not null default 'unknown' check (status in ('unknown', 'online', 'offline')),
  status_at timestamptz,
  last_seen_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index devices_type on devices(type);
create index devices_department on devices(department_id);

-- Dropped payloads and refused connections per device and reason (shown on the device page).
create table device_drops (
  device_id text not null references devices(id) on delete cascade,
  reason text not null,
  count bigint not null default 0,
  last_at timestamptz not null default now(),
  primary key (device_id, reason)
);

-- Metric keys as small numbers for the narrow rows; keys are shared across profiles ('flow').
create table metric_keys (
  id smallint generated always as identity primary key,
  key text not null unique
);

-- Raw readings, one row per (device, metric, ts), range-partitioned by UTC day. Partitions are
-- created ahead on demand by the writer and dropped whole by retention. No foreign keys: the
-- ingest hot path checks the device in memory, and a partitioned FK would cost every insert.
create table readings (
  device_id integer not null,
  metric_id smallint not null,
  ts timestamptz not null,
  value double precision not null,
  primary key (device_id, metric_id, ts)
) partition by range (ts);

-- Rollups maintained in the same statement as the raw insert, from the rows actually inserted,
-- so a redelivered (deduplicated) reading never counts twice.
create table readings_1m (
  device_id integer not null,
  metric_id smallint not null,
  bucket timestamptz not null,
  n integer not null,
  sum double precision not null,
  min double precision not null,
  max double precision not null,
  primary key (device_id, metric_id, bucket)
) partition by range (bucket);

create table readings_1h (
  device_id integer not null,
  metric_id smallint not null,
  bucket timestamptz not null,
  n integer not null,
  sum double precision not null,
  min double precision not null,
  max double precision not null,
  primary key (device_id, metric_id, bucket)
) partition by range (bucket);

-- Rules per profile (every device of the type) or per device; a device rule with the same
-- metric and kind replaces the profile's.
create table alarm_rules (
  id integer generated always as identity primary key,
  profile_type text references device_profiles(type) on delete cascade,
  device_id text references devices(id) on delete cascade,
  metric text not null,
  kind text not null,
  threshold double precision,
  duration_s double precision not null default 0,
  deadband double precision not null default 0,
  rate_per_min double precision,
  intervals double precision,
  stuck_s double precision,
  severity text not null check (severity in ('critical', 'major', 'minor', 'warning')),
  open_case_category text check (open_case_category ~ '^[0-9]{4}$'),
  enabled boolean not null default true,
  updated_at timestamptz not null default now(),
  check ((profile_type is null) <> (device_id is null))
);
create index alarm_rules_profile on alarm_rules(profile_type);
create index alarm_rules_device on alarm_rules(device_id);

create table alarms (
  id bigint generated always as identity primary key,
  device_id text not null references devices(id) on delete cascade,
  rule_id integer references alarm_rules(id) on delete set null,
  metric text not null,
  kind text not null,
  severity text not null,
  state text not null check (state in ('active', 'acknowledged', 'cleared_unacked', 'cleared')),
  value double precision,
  threshold double precision,
  message text not null,
  department_id integer,
  raised_at timestamptz not null,
  acked_at timestamptz,
  acked_by integer,
  acked_by_name text,
  cleared_at timestamptz,
  case_id integer,
  case_code text,
  updated_at timestamptz not null default now()
);
-- One open alarm per rule and device: a second raise while one is open is the same alarm.
create unique index alarms_one_open on alarms(device_id, rule_id) where state <> 'cleared';
create index alarms_open on alarms(raised_at desc) where state <> 'cleared';
create index alarms_device on alarms(device_id, raised_at desc);

create table alarm_events (
  id bigint generated always as identity primary key,
  alarm_id bigint not null references alarms(id) on delete cascade,
  event text not null,
  from_state text,
  to_state text not null,
  actor_id integer,
  actor_name text,
  at timestamptz not null default now(),
  comment text,
  value double precision
);
create index alarm_events_alarm on alarm_events(alarm_id, id);

create table commands (
  id bigint generated always as identity primary key,
  device_id text not null references devices(id) on delete cascade,
  name text not null,
  params jsonb not null default '{}',
  critical boolean not null,
  state text not null,
  requested_by integer not null,
  requested_by_name text not null,
  requested_at timestamptz not null,
  confirmed_by integer,
  confirmed_by_name text,
  confirmed_at timestamptz,
  -- When the current state was entered, and when the scheduler must expire / time it out.
  state_since timestamptz not null,
  deadline_at timestamptz,
  message text,
  updated_at timestamptz not null default now()
);
create index commands_device on commands(device_id, id desc);
create index commands_due on commands(deadline_at) where deadline_at is not null;

create table command_events (
  id bigint generated always as identity primary key,
  command_id bigint not null references commands(id) on delete cascade,
  event text not null,
  from_state text,
  to_state text not null,
  actor_id integer,
  actor_name text,
  at timestamptz not null default now(),
  detail jsonb
);
create index command_events_command on command_events(command_id, id);

-- Timers that must run on one node only (retention, command deadlines) take a lease here.
create table if not exists scheduler_leases (
  name text primary key,
  holder text not null,
  expires_at timestamptz not null
);
