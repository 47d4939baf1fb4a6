-- The district urban-management committee (城管委, issue 23): its member departments and streets,
-- each a handling unit (a departments row) so that cases can be dispatched to it; the special
-- campaigns (专项整治) they run together, with tasks per member, progress reports, problems found
-- (each filed as a case for the member that must fix it) and the members' scores, every change of
-- which is kept with its evidence.

create table committee_members (
  id integer generated always as identity primary key,
  department_id integer not null unique references departments(id),
  -- bureau: the bureau's own units; department: another department; street: a street office;
  -- utility: a public-utility company.
  member_kind text not null check (member_kind in ('bureau', 'department', 'street', 'utility')),
  contact_name text not null,
  contact_phone text not null,
  responsibilities text not null,
  responsibilities_en text not null,
  seq integer not null
);

create table campaigns (
  id integer generated always as identity primary key,
  code text not null unique,
  theme text not null,
  theme_en text not null,
  lead_member_id integer not null references committee_members(id),
  -- Street (9 digits) or district (6 digits) codes the campaign works in.
  area_codes text[] not null default '{}',
  target_label text not null,
  target_label_en text not null,
  target_unit text not null,
  start_date date not null,
  end_date date not null,
  created_at timestamptz not null default now(),
  check (start_date <= end_date)
);

create table campaign_members (
  campaign_id integer not null references campaigns(id) on delete cascade,
  member_id integer not null references committee_members(id),
  primary key (campaign_id, member_id)
);
create index campaign_members_member on campaign_members(member_id);

create table campaign_tasks (
  id integer generated always as identity primary key,
  campaign_id integer not null references campaigns(id) on delete cascade,
  member_id integer not null references committee_members(id),
  title text not null,
  title_en text not null,
  target integer not null check (target > 0),
  deadline date not null,
  -- The latest score given (0–100), null until scored; every change is in campaign_score_changes.
  score smallint check (score between 0 and 100),
  foreign key (campaign_id, member_id) references campaign_members(campaign_id, member_id)
);
create index campaign_tasks_campaign on campaign_tasks(campaign_id);

create table campaign_reports (
  id integer generated always as identity primary key,
  task_id integer not null references campaign_tasks(id) on delete cascade,
  count integer not null check (count >= 0),
  note text not null default '',
  photos text[] not null default '{}',
  place text,
  lon double precision,
  lat double precision,
  reported_by integer references users(id),
  reported_at timestamptz not null
);
create index campaign_reports_task on campaign_reports(task_id, reported_at);

create table campaign_problems (
  id integer generated always as identity primary key,
  campaign_id integer not null references campaigns(id) on delete cascade,
  member_id integer not null references committee_members(id),
  description text not null,
  lon double precision not null,
  lat double precision not null,
  case_id bigint not null,
  case_code text not null,
  found_by integer references users(id),
  found_at timestamptz not null
);
create index campaign_problems_campaign on campaign_problems(campaign_id);

create table campaign_score_changes (
  id integer generated always as identity primary key,
  task_id integer not null references campaign_tasks(id) on delete cascade,
  score_before smallint,
  score_after smallint not null check (score_after between 0 and 100),
  evidence text not null check (length(evidence) > 0),
  evidence_photos text[] not null default '{}',
  changed_by integer references users(id),
  changed_at timestamptz not null
);
create index campaign_score_changes_task on campaign_score_changes(task_id);
