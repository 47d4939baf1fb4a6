-- The public portal (issue 19): residents report without an account. A report is an ordinary
-- case (source 'web', verified like any other); these tables hold what the case has no column
-- for: its tracking code, the phone codes that verify a reporter's number, the photos uploaded
-- anonymously (and where they came from, for rate limits), and the residents' ratings.
-- Client addresses are stored only as a keyed hash, for counting.

create sequence public_tracking_seq;

create table public_reports (
  case_id bigint primary key references cases(id),
  -- YT-2026-000123: what the resident keeps to follow the report.
  tracking_code text not null unique,
  client_hash text not null,
  -- The verified phone (null: anonymous); also in the case's reporter_phone.
  phone text,
  -- The last state the reporter was told about (accepted, closed, reopened go through the outbox).
  notified_state text,
  created_at timestamptz not null
);
create index public_reports_client on public_reports(client_hash, created_at desc);
create index public_reports_phone on public_reports(phone, created_at desc) where phone is not null;

create table public_phone_codes (
  id bigint generated always as identity primary key,
  phone text not null,
  -- sha256 of the six digits with the row's salt.
  code_hash text not null,
  salt text not null,
  -- Wrong codes tried against this row; past 5 it is spent.
  tries integer not null default 0,
  client_hash text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index public_phone_codes_phone on public_phone_codes(phone, created_at desc);
create index public_phone_codes_client on public_phone_codes(client_hash, created_at desc);

create table public_uploads (
  attachment_id text primary key references attachments(id) on delete cascade,
  client_hash text not null,
  -- The EXIF GPS position of the original photo (WGS-84), a hint for the pin only; the stored
  -- photo is re-encoded without any metadata.
  hint_lon double precision,
  hint_lat double precision,
  created_at timestamptz not null
);
create index public_uploads_client on public_uploads(client_hash, created_at desc);

create table public_ratings (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases(id),
  -- The closing rated (the case's rework count then): a case reopened for rework and closed again
  -- may be rated again.
  closing integer not null,
  satisfaction text not null check (satisfaction in ('satisfied', 'basically_satisfied', 'dissatisfied')),
  comment text,
  -- recorded: counted as a return visit (channel online); review: dissatisfied, the visit desk
  -- decides; reopened / kept: what the desk decided.
  state text not null check (state in ('recorded', 'review', 'reopened', 'kept')),
  decided_by integer references users(id),
  decided_at timestamptz,
  created_at timestamptz not null,
  unique (case_id, closing)
);
create index public_ratings_review on public_ratings(state, id) where state = 'review';
