-- Emergency command (issue 20): plans per hazard with levels IV → I (each admin edit a new version),
-- weather warnings (entered by the duty officer or received from a feed with an API key), the
-- proposals the trigger evaluation makes, the responses a commander signs, call-outs (叫应) with
-- their acknowledgements, tasks per department, a notification outbox and the event log: every
-- change of a response is an appended event row in the same transaction.

create table emergency_plans (
  hazard text not null check (hazard in ('rainstorm', 'typhoon', 'snow')),
  version integer not null check (version >= 1),
  body jsonb not null,
  edited_by text,
  edited_at timestamptz not null default now(),
  primary key (hazard, version)
);

create table weather_warnings (
  id integer generated always as identity primary key,
  code text not null,
  type text not null,
  colour text not null check (colour in ('blue', 'yellow', 'orange', 'red')),
  hazard text,
  area text not null,
  valid_from timestamptz not null,
  valid_to timestamptz not null,
  issuer text not null,
  text text,
  source text not null check (source in ('duty', 'feed')),
  -- The same warning posted twice is one warning: the feed's own id, or the duty entry's fields.
  dedup_key text not null unique,
  entered_by text,
  created_at timestamptz not null default now(),
  check (valid_to > valid_from)
);
create index weather_warnings_valid on weather_warnings (valid_to);

create table emergency_feed_keys (
  id integer generated always as identity primary key,
  name text not null,
  key_hash text not null unique,
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table emergency_responses (
  id integer generated always as identity primary key,
  hazard text not null,
  level text not null check (level in ('IV', 'III', 'II', 'I')),
  state text not null check (state in ('active', 'ended')),
  plan_version integer not null,
  started_at timestamptz not null,
  ended_at timestamptz,
  signed_by text not null,
  evidence jsonb
);
-- At most one response in force per hazard.
create unique index emergency_responses_active on emergency_responses (hazard) where state = 'active';

create table emergency_proposals (
  id integer generated always as identity primary key,
  hazard text not null,
  kind text not null check (kind in ('activate', 'raise', 'lower', 'end')),
  level text,
  from_level text,
  state text not null check (state in ('open', 'signed', 'dismissed', 'superseded')),
  evidence jsonb not null,
  created_at timestamptz not null,
  decided_at timestamptz,
  decided_by text
);
create unique index emergency_proposals_open on emergency_proposals (hazard) where state = 'open';

create table emergency_events (
  id bigint generated always as identity primary key,
  response_id integer references emergency_responses (id),
  hazard text,
  kind text not null,
  from_level text,
  to_level text,
  actor_id integer,
  actor_name text not null,
  reason text,
  data jsonb not null default '{}',
  at timestamptz not null
);
create index emergency_events_response on emergency_events (response_id, id);

create table emergency_callouts (
  id integer generated always as identity primary key,
  response_id integer not null references emergency_responses (id),
  level text not null,
  target_kind text not null check (target_kind in ('user', 'department')),
  target text not null,
  called_at timestamptz not null,
  acked_at timestamptz,
  acked_by text,
  escalated_at timestamptz,
  unique (response_id, target_kind, target)
);

create table emergency_tasks (
  id integer generated always as identity primary key,
  response_id integer not null references emergency_responses (id),
  kind text not null check (kind in ('action', 'closure')),
  department text not null,
  title text not null,
  title_en text not null,
  device_id text,
  state text not null check (state in ('open', 'acknowledged', 'done')),
  created_at timestamptz not null,
  acked_at timestamptz,
  acked_by text,
  done_at timestamptz,
  done_by text,
  note text,
  unique (response_id, kind, department, title)
);

-- What is to be told to whom (web now; SMS or phone gateways read the same rows later).
create table emergency_outbox (
  id bigint generated always as identity primary key,
  recipient_kind text not null,
  recipient text not null,
  kind text not null,
  payload jsonb not null,
  created_at timestamptz not null,
  delivered_at timestamptz
);
create index emergency_outbox_pending on emergency_outbox (id) where delivered_at is null;

-- Waterlogging points and underpasses with their depth thresholds (demo defaults 15 / 25 cm).
create table emergency_sites (
  device_id text primary key,
  kind text not null check (kind in ('point', 'underpass')),
  yellow_cm real not null default 15,
  red_cm real not null default 25
);
