-- The case loop (数字城管): cases, their append-only event history, attachments, and the
-- configuration the clock needs (working calendar, per-category time limits, step limits).
-- Evaluation reads case_events; each event row records the step it completed, that step's due
-- time and whether it was on time, decided by the working calendar in the same transaction.

create table calendar_days (
  day date primary key,
  kind text not null check (kind in ('workday', 'holiday')),
  name text,
  source text not null default 'admin' check (source in ('official', 'admin')),
  updated_at timestamptz not null default now()
);

create table time_limits (
  kind text not null check (kind in ('component', 'event')),
  category text not null check (category ~ '^[0-9]{4}$'),
  urgency text not null check (urgency in ('normal', 'urgent', 'critical')),
  name text not null,
  filing_condition text not null,
  disposal_value double precision not null check (disposal_value > 0),
  disposal_unit text not null check (disposal_unit in ('working_hours', 'working_days', 'natural_hours', 'minutes', 'working_minutes')),
  closing_condition text not null,
  updated_at timestamptz not null default now(),
  primary key (kind, category, urgency)
);

create table step_limits (
  step text primary key check (step in ('accept', 'verify', 'file', 'dispatch', 'check', 'close')),
  value double precision not null check (value > 0),
  unit text not null check (unit in ('working_hours', 'working_days', 'natural_hours', 'minutes', 'working_minutes')),
  updated_at timestamptz not null default now()
);

create table attachments (
  id text primary key,
  mime text not null,
  size integer not null,
  width integer,
  height integer,
  path text not null,
  thumb_path text,
  uploaded_by integer references users(id),
  created_at timestamptz not null default now()
);

create table cases (
  id bigint generated always as identity primary key,
  code text not null unique,
  state text not null,
  -- The state machine's snapshot (packages/domain CaseSnapshot); hot fields are mirrored below.
  snapshot jsonb not null,
  kind text not null check (kind in ('component', 'event')),
  category text not null,
  urgency text not null,
  source text not null,
  nature text,
  description text not null,
  address text,
  lon double precision not null,
  lat double precision not null,
  grid_code text not null references unit_grids(code),
  district_code text not null,
  street_code text not null,
  community_code text not null,
  supervision_grid_code text,
  component_code text,
  reporter_id integer references users(id),
  reporter_name text,
  reporter_phone text,
  wants_reply boolean not null default false,
  unit_id integer references departments(id),
  task_inspector_id integer references users(id),
  pending_kind text,
  duplicate_of bigint references cases(id),
  idempotency_key text unique,
  reported_at timestamptz not null default now(),
  -- When the current step started and when it is due (null while suspended or final).
  step text,
  step_started_at timestamptz,
  step_due_at timestamptz,
  -- Disposal clock: from dispatch (or re-dispatch after rework) to the category's limit.
  dispatched_at timestamptz,
  disposal_due_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
-- Queues: a state (or several) in an area, newest first, walked by keyset on id.
create index cases_state_district on cases(state, district_code, id desc);
create index cases_state_id on cases(state, id desc);
-- A unit's inbox.
create index cases_unit_state on cases(unit_id, state, id desc);
-- Overdue: open cases by due time.
create index cases_step_due on cases(step_due_at) where step_due_at is not null;
-- Nearby duplicates: same category, open, by latitude band then longitude.
create index cases_dup on cases(kind, category, lat, lon) where closed_at is null;
create index cases_grid on cases(grid_code);
create index cases_reported_at on cases(reported_at);
create index cases_component on cases(component_code) where component_code is not null;
create index cases_supervision on cases(supervision_grid_code, state);

create table case_events (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases(id),
  action text not null,
  from_state text,
  to_state text not null,
  actor_id integer references users(id),
  actor_role text,
  at timestamptz not null default now(),
  comment text,
  payload jsonb not null default '{}',
  photos text[] not null default '{}',
  -- The unit the case sat with when this happened (unit evaluation groups by it).
  unit_id integer references departments(id),
  -- The step this event completed, when it was due, and whether it met that (null = not timed).
  step text,
  due_at timestamptz,
  on_time boolean,
  -- Working ms used for the step (time used vs limit on the timeline).
  used_ms bigint,
  limit_ms bigint
);
create index case_events_case on case_events(case_id, id);
create index case_events_at on case_events(at);
create index case_events_action_at on case_events(action, at);
create index case_events_actor_at on case_events(actor_id, at);
create index case_events_unit_at on case_events(unit_id, at) where unit_id is not null;

create table case_photos (
  case_id bigint not null references cases(id),
  attachment_id text not null references attachments(id),
  event_id bigint references case_events(id),
  primary key (case_id, attachment_id)
);
