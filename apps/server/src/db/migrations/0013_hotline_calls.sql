-- Calls the 12319 hotline answers or records without a field case (CASE-LOOP.md "Hotline"): a
-- consultation (咨询) answered on the spot, a suggestion (建议) or thanks (感谢) recorded for the
-- bureau. A problem to fix on site still becomes a case (source hotline); these need no category,
-- no place and no inspector. district_code is the seat's district (null: a city-wide seat), which
-- is what a district seat sees.
create table hotline_calls (
  id bigserial primary key,
  nature text not null check (nature in ('inquiry', 'suggestion', 'thanks')),
  caller_name text,
  caller_phone text,
  content text not null,
  answer text,
  address text,
  district_code text,
  seat_id integer references users (id),
  created_at timestamptz not null
);
-- The list is newest first by keyset on (created_at, id).
create index hotline_calls_recent on hotline_calls (created_at desc, id desc);
