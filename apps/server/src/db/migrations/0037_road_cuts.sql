-- Road-cut (excavation) permits (占道挖掘 / 掘路): an application to dig up a road for a time
-- window, the bureau's approval, the reinstatement deadline and the check of the reinstated
-- surface. A failed check opens a case (道路破损) to the unit in charge; a cut found without a
-- permit opens a case 无证掘路 (0305).
create table road_cut_permits (
  id integer generated always as identity primary key,
  code text not null unique,
  road_id integer not null references municipal_facilities(id) on delete cascade,
  applicant text not null,
  applicant_kind text not null check (applicant_kind in ('utility_company', 'developer', 'telecom', 'other')),
  purpose text not null,
  lon double precision not null,
  lat double precision not null,
  length_m double precision not null check (length_m > 0),
  width_m double precision not null check (width_m > 0),
  start_day date not null,
  end_day date not null,
  reinstate_by date not null,
  state text not null default 'applied'
    check (state in ('applied', 'approved', 'rejected', 'reinstated', 'check_failed')),
  applied_by text,
  applied_at timestamptz not null default now(),
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  checked_by text,
  checked_at timestamptz,
  check_note text,
  case_id bigint,
  case_code text,
  check (end_day >= start_day),
  check (reinstate_by >= end_day)
);
create index road_cut_permits_road on road_cut_permits(road_id);

-- Cuts an inspector found on a road with no permit in force: each opened a case (0305 无证掘路).
create table road_cut_findings (
  id integer generated always as identity primary key,
  road_id integer references municipal_facilities(id) on delete set null,
  lon double precision not null,
  lat double precision not null,
  note text not null,
  found_by text,
  found_at timestamptz not null default now(),
  case_id bigint not null,
  case_code text not null
);
