-- Fine-grained management assessment (精细化管理考核, issue 21): the versioned catalogue, the
-- inspection and supervision groups with their members and plans, findings recorded against an
-- aspect at a place (a finding that needs fixing opens a case in the loop), disputes, demonstration
-- sites and the frozen scores of closed months.

-- A catalogue version is immutable once saved: an edit is a new version in force from a month on,
-- so a month is always scored with the version in force on its first day.
create table assessment_catalogues (
  id integer generated always as identity primary key,
  version text not null unique,
  effective_from date not null unique check (extract(day from effective_from) = 1),
  body jsonb not null,
  note text,
  created_by integer references users(id),
  created_at timestamptz not null default now()
);

create table assessment_groups (
  id integer generated always as identity primary key,
  code text not null unique,
  kind text not null check (kind in ('inspection', 'supervision', 'third_party')),
  name text not null,
  name_en text not null,
  -- District or street codes covered ('{}' = the whole city).
  area_codes text[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table assessment_group_members (
  group_id integer not null references assessment_groups(id) on delete cascade,
  user_id integer not null references users(id),
  leader boolean not null default false,
  primary key (group_id, user_id)
);
create index assessment_group_members_user on assessment_group_members(user_id);

-- Daily patrol routes, weekly supervision, monthly sampling of places; announced or not (暗查).
create table assessment_plans (
  id integer generated always as identity primary key,
  group_id integer not null references assessment_groups(id) on delete cascade,
  cadence text not null check (cadence in ('daily', 'weekly', 'monthly')),
  title text not null,
  title_en text not null,
  announced boolean not null default true,
  place_kinds text[] not null default '{}',
  area_codes text[] not null default '{}',
  -- Weekly: ISO weekday 1–7; monthly: how many places to sample.
  weekday integer check (weekday between 1 and 7),
  samples integer check (samples between 1 and 1000),
  active boolean not null default true
);
create index assessment_plans_group on assessment_plans(group_id);

-- Demonstration sites (示范点): a road or a compound held to a higher standard.
create table assessment_sites (
  id integer generated always as identity primary key,
  name text not null,
  name_en text not null,
  place_kind text not null,
  street_code text not null references streets(code),
  lon double precision not null,
  lat double precision not null,
  registered_on date not null
);

create table assessment_findings (
  id bigint generated always as identity primary key,
  -- The phone's id of the upload: the same finding sent twice is stored once.
  client_id text not null unique,
  -- The month it counts in (its first day, city time zone) and the catalogue version in force.
  month date not null,
  catalogue_id integer not null references assessment_catalogues(id),
  category_code text not null,
  aspect_code text not null,
  group_id integer references assessment_groups(id),
  site_id integer references assessment_sites(id),
  place_kind text not null,
  place_name text,
  lon double precision not null,
  lat double precision not null,
  grid_code text not null,
  district_code text not null,
  street_code text not null,
  -- The line bureau's handling unit that bears the bureau's share (null: the share stays unassigned).
  unit_id integer references departments(id),
  severity text not null check (severity in ('minor', 'normal', 'serious')),
  occurrences integer not null check (occurrences between 1 and 100),
  -- Computed when recorded, under the version in force, with its shares: a later catalogue never moves it.
  deduction numeric(8, 2) not null check (deduction >= 0),
  share_bureau numeric(5, 4) not null,
  share_district numeric(5, 4) not null,
  share_street numeric(5, 4) not null,
  note text,
  photo_id text references attachments(id),
  needs_fix boolean not null,
  case_id bigint references cases(id),
  -- Re-inspection of the fix: open until re-inspected, then passed or failed.
  reinspection text not null default 'open' check (reinspection in ('open', 'passed', 'failed')),
  reinspected_at timestamptz,
  reinspected_by integer references users(id),
  reinspection_note text,
  -- A dispute (申诉) by the assessed party; an upheld one takes the finding out of the score.
  dispute text check (dispute in ('pending', 'upheld', 'rejected')),
  dispute_reason text,
  disputed_by integer references users(id),
  disputed_at timestamptz,
  dispute_decision text,
  decided_by integer references users(id),
  decided_at timestamptz,
  counted boolean not null default true,
  found_at timestamptz not null,
  recorded_by integer not null references users(id),
  recorded_at timestamptz not null default now()
);
create index assessment_findings_month on assessment_findings(month, street_code);
create index assessment_findings_case on assessment_findings(case_id) where case_id is not null;

-- The month's deductions per assessed party and aspect, kept as findings change (so one change
-- re-scores a month without reading its findings again).
create table assessment_deductions (
  month date not null,
  level text not null check (level in ('district', 'street', 'unit')),
  subject text not null,
  aspect_code text not null,
  deducted numeric(12, 4) not null,
  findings integer not null,
  primary key (month, level, subject, aspect_code)
);

-- A closed month's scores, frozen: catalogue edits and later decisions never change them.
create table assessment_months (
  month date primary key,
  catalogue_id integer not null references assessment_catalogues(id),
  scores jsonb not null,
  closed_by integer references users(id),
  closed_at timestamptz not null default now()
);

-- The combination weights and the monthly focus items the administrator sets.
create table assessment_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
