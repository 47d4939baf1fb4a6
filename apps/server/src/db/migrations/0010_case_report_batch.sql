-- Intake, cheaper under load (bench/cases.bench.ts):
-- 1. `case_report` (0008) returns the cases nearby as arrays, and only those inside the radius (the
--    ellipse its search box bounds, not the box's corners): with a few open cases of the category
--    around, building, sending and reading them as objects cost more than the search itself.
-- 2. `case_report_batch` files reports arriving together in one statement (group commit).
drop function case_report(jsonb, text, integer, text, text, jsonb, text[], double precision[]);

create or replace function case_report(
  c jsonb,
  report_day text,
  actor_id integer,
  actor_role text,
  event_comment text,
  event_payload jsonb,
  photos text[],
  box double precision[]
) returns table (new_id bigint, new_code text, new_updated_at timestamptz, near json)
language plpgsql as $$
declare
  r cases;
  nid bigint;
  eid bigint;
begin
  r := jsonb_populate_record(null::cases, c);
  nid := nextval(pg_get_serial_sequence('cases', 'id'));
  insert into cases (
    id, code, state, snapshot, kind, category, urgency, source, nature, description, address, lon,
    lat, grid_code, district_code, street_code, community_code, supervision_grid_code,
    component_code, reporter_id, reporter_name, reporter_phone, wants_reply, idempotency_key,
    reported_at, step, step_started_at, step_due_at, duplicate_of, closed_at
  ) overriding system value
  values (
    nid, report_day || lpad(nid::text, 8, '0'), r.state, r.snapshot, r.kind, r.category, r.urgency,
    r.source, r.nature, r.description, r.address, r.lon, r.lat, r.grid_code, r.district_code,
    r.street_code, r.community_code, r.supervision_grid_code, r.component_code, r.reporter_id,
    r.reporter_name, r.reporter_phone, coalesce(r.wants_reply, false), r.idempotency_key,
    r.reported_at, r.step, r.step_started_at, r.step_due_at, r.duplicate_of, r.closed_at
  )
  on conflict (idempotency_key) do nothing
  returning cases.id, cases.code, cases.updated_at into new_id, new_code, new_updated_at;
  if new_id is null then
    return;
  end if;
  insert into case_events (case_id, action, from_state, to_state, actor_id, actor_role, at, comment, payload, photos)
  values (new_id, 'report', null, r.state, actor_id, actor_role, r.reported_at, event_comment, event_payload, photos)
  returning case_events.id into eid;
  if cardinality(photos) > 0 then
    insert into case_photos (case_id, attachment_id, event_id)
    select distinct new_id, p, eid from unnest(photos) as p;
  end if;
  near := '[]'::json;
  if box is not null then
    -- The open cases of the category inside the radius (the ellipse the box bounds), as arrays in
    -- the order of repo.NEAR_COLUMNS: building and reading objects cost more than the search.
    select coalesce(json_agg(json_build_array(
        o.id, o.code, o.state, o.kind, o.category, o.urgency, o.source, o.description, o.address,
        o.lon, o.lat, o.grid_code, o.district_code, o.street_code, o.unit_id, o.pending_kind,
        o.snapshot->'dispatchLevel', o.snapshot->'reworkCount', o.reported_at, o.step, o.step_due_at,
        o.reporter_id, o.reporter_phone) order by o.id desc), '[]'::json) into near
    from (
      select * from cases o
      where o.kind = r.kind and o.category = r.category and o.closed_at is null
        and o.state not in ('not_accepted', 'not_filed', 'cancelled')
        and o.lat between box[1] and box[2] and o.lon between box[3] and box[4]
        and ((2 * o.lat - box[1] - box[2]) / (box[2] - box[1])) ^ 2
          + ((2 * o.lon - box[3] - box[4]) / (box[4] - box[3])) ^ 2 <= 1.001
        and o.id <> new_id
      order by o.id desc
      limit 20
    ) o;
  end if;
  return next;
end
$$;

-- Reports arriving together, filed in one statement (group commit). Measured on both databases,
-- a report's own writes and search are a small part of what one `case_report` call costs: the rest
-- is the statement and its transaction (protocol, executor start, commit). Sixteen reports in one
-- statement cost about a third each of sixteen separate calls (bench/cases.bench.ts).
-- Each item carries case_report's arguments: {"c", "day", "actor", "role", "comment", "payload",
-- "photos", "box"}; a row comes back per created case with the item's position (1-based). An item
-- whose key was used before returns nothing, as case_report does. Any error fails the whole
-- statement, and the server then files that batch's reports one by one, so each report gets its
-- own outcome (see ReportWriter).
create or replace function case_report_batch(items jsonb)
returns table (idx integer, new_id bigint, new_code text, new_updated_at timestamptz, near json)
language plpgsql as $$
declare
  it jsonb;
  n integer;
begin
  for it, n in select e.value, e.ordinality::integer from jsonb_array_elements(items) with ordinality e loop
    idx := n;
    select r.new_id, r.new_code, r.new_updated_at, r.near
      into new_id, new_code, new_updated_at, near
    from case_report(
      it->'c',
      it->>'day',
      (it->>'actor')::integer,
      it->>'role',
      it->>'comment',
      it->'payload',
      array(select jsonb_array_elements_text(it->'photos')),
      case when jsonb_typeof(it->'box') = 'array'
        then array(select jsonb_array_elements_text(it->'box')::double precision)
      end
    ) r;
    if found then
      return next;
    end if;
  end loop;
end
$$;
