-- Suggestions (民意征集, issue 19): the bureau runs campaigns that collect residents' suggestions
-- (the 2026 为民服务实事意见征集), from the public form (/suggest, no account) and the hotline.
-- Staff group them, decide adopted / not adopted with a public reply, give an adopted one to a
-- unit as a task with a deadline, and call the proposer back (回访) afterwards.
--
-- An adopted suggestion is a task in this table, not a case of the case loop: it is a project
-- ("add benches along 滨海路", "longer hours for the night market") measured in weeks, with no unit
-- grid, no category of the taxonomy and nothing an inspector verifies or checks on site; the
-- loop's steps and working-hour limits do not fit it. Its unit, deadline and completion live on
-- the suggestion; every change is an event row (suggestion_events), as for cases.

create table suggestion_campaigns (
  id serial primary key,
  title text not null,
  title_en text,
  description text,
  description_en text,
  status text not null check (status in ('open', 'closed')),
  opens_at timestamptz not null,
  closes_at timestamptz,
  created_at timestamptz not null default now()
);

-- A group of suggestions on the same matter (staff put similar ones together and decide them at once).
create table suggestion_groups (
  id bigserial primary key,
  campaign_id integer not null references suggestion_campaigns (id),
  title text not null,
  created_at timestamptz not null default now()
);

create table suggestions (
  id bigserial primary key,
  -- The tracking code the proposer gets (JY-2026-7K3QXM9A): random, so codes cannot be walked.
  code text not null unique,
  campaign_id integer not null references suggestion_campaigns (id),
  channel text not null check (channel in ('web', 'hotline')),
  topic text not null,
  content text not null,
  proposer_name text,
  proposer_phone text,
  district_code text references districts (code),
  group_id bigint references suggestion_groups (id),
  status text not null default 'received' check (status in ('received', 'adopted', 'not_adopted')),
  reply text,
  decided_at timestamptz,
  -- The task of an adopted suggestion.
  unit_id integer references departments (id),
  task_due_at timestamptz,
  task_done_at timestamptz,
  task_note text,
  -- The call back to the proposer (once decided; an adopted one once its task is done).
  visit_result text check (visit_result in ('reached', 'unreached')),
  visit_satisfaction text check (visit_satisfaction in ('satisfied', 'basically_satisfied', 'dissatisfied')),
  visited_at timestamptz,
  recorded_by integer references users (id),
  created_at timestamptz not null
);
create index suggestions_campaign on suggestions (campaign_id, id desc);
create index suggestions_unit on suggestions (unit_id, task_due_at) where unit_id is not null;

create table suggestion_events (
  id bigserial primary key,
  suggestion_id bigint not null references suggestions (id),
  action text not null,
  actor_id integer references users (id),
  actor_system text,
  at timestamptz not null,
  payload jsonb not null default '{}'
);
create index suggestion_events_of on suggestion_events (suggestion_id, id);

-- Submissions from the public form, per client address and window (the form needs no account).
create table suggestion_throttle (
  key text primary key,
  attempts integer not null,
  window_start timestamptz not null
);
