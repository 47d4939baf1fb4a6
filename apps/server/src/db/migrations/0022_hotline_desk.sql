-- The hotline desk (issue 19, docs/HOTLINE.md): the knowledge base consultations are answered from,
-- the call that records which answer (and which version of it) was given, the desk's settings for
-- repeat complaints (重复投诉), the alerts a supervisor gets when a case collects too many, and
-- the index a caller's number is looked up by.

-- Categories of answers (fees, permits, stalls, heating …); codes are stable, names in both languages.
create table kb_categories (
  code text primary key check (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text not null,
  name_en text not null,
  ord integer not null default 0
);
-- What 12319 consultations are about; a bureau adds its own.
insert into kb_categories (code, name, name_en, ord) values
  ('fees', '收费标准', 'Fees and charges', 10),
  ('permits', '审批许可', 'Permits and approvals', 20),
  ('stalls', '摊点经营', 'Street stalls and trading', 30),
  ('heating', '供热服务', 'Heating service', 40),
  ('water', '供水服务', 'Water supply', 50),
  ('gas', '燃气服务', 'Gas service', 60),
  ('sanitation', '环境卫生', 'Sanitation and waste', 70),
  ('reporting', '投诉举报', 'Reporting and complaints', 80);

-- An answer the bureau maintains. Its text lives in versions: an edit adds a version and moves
-- `version` to it, so a call answered last month still names the words the caller was told.
create table kb_articles (
  id integer generated always as identity primary key,
  category text not null references kb_categories (code),
  version integer not null default 1,
  -- A retired answer is no longer offered to seats; its versions stay for the calls that cite them.
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table kb_versions (
  article_id integer not null references kb_articles (id),
  version integer not null check (version > 0),
  question text not null,
  answer text not null,
  question_en text not null default '',
  answer_en text not null default '',
  -- Words a caller may use that the question does not (同义词), searched with it.
  keywords text not null default '',
  edited_by integer references users (id),
  edited_at timestamptz not null,
  primary key (article_id, version)
);

-- A consultation answered from the knowledge base names the answer and the version given.
alter table hotline_calls add column kb_article_id integer references kb_articles (id);
alter table hotline_calls add column kb_version integer;

-- Looking a caller up by number compares digits only (0535-6681234 is 05356681234).
create index hotline_calls_phone on hotline_calls ((regexp_replace(caller_phone, '[^0-9]', '', 'g')), created_at desc)
  where caller_phone is not null;
create index cases_reporter_phone on cases ((regexp_replace(reporter_phone, '[^0-9]', '', 'g')), reported_at desc)
  where reporter_phone is not null;

-- The desk's settings, one row, edited by an administrator.
create table hotline_settings (
  id integer primary key check (id = 1),
  -- Distance within which a complaint of the same category joins an open case.
  repeat_radius_m integer not null check (repeat_radius_m between 10 and 200),
  -- Every this many repeats raise the case's urgency one step and alert the supervisors.
  repeat_threshold integer not null check (repeat_threshold between 1 and 50),
  updated_by integer references users (id),
  updated_at timestamptz
);
insert into hotline_settings (id, repeat_radius_m, repeat_threshold) values (1, 50, 3);

-- A case that collected `repeats` repeat complaints: the supervisors' list until one of them
-- takes it up (seen_by).
create table hotline_repeat_alerts (
  id integer generated always as identity primary key,
  case_id bigint not null references cases (id),
  repeats integer not null,
  urgency_from text not null,
  urgency_to text not null,
  created_at timestamptz not null,
  seen_by integer references users (id),
  seen_at timestamptz
);
create index hotline_repeat_alerts_open on hotline_repeat_alerts (created_at desc) where seen_at is null;
