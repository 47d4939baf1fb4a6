-- The leaders' reports (领导月报): what the cockpit read for a period, kept as it was that day, so
-- the archive shows the figures the leaders were given (a later correction of a case does not
-- rewrite a report already sent). The scheduler makes the previous month's on the 1st; anyone who
-- reads the cockpit may make one for any day, month or year (made again, it replaces the old one).
create table cockpit_reports (
  id bigint generated always as identity primary key,
  period text not null check (period in ('day', 'month', 'year')),
  day date not null,
  from_at timestamptz not null,
  to_at timestamptz not null,
  data jsonb not null,
  worst jsonb not null,
  created_at timestamptz not null default now(),
  created_by text,
  unique (period, day)
);
create index cockpit_reports_recent on cockpit_reports (created_at desc);

-- The cockpit counts the alarms raised in a period (alarms.figures.raised): by raised_at, every alarm.
create index if not exists alarms_raised_at on alarms (raised_at);
