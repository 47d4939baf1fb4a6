-- A report (上报) in one call: the case, its `report` event and photo links, and the open cases of
-- the same category in the search box around it (the duplicate offer). Intake is the loop's busiest
-- write; as one statement from the server it would be parsed and planned on every report, while a
-- PL/pgSQL function keeps its plans for the session (PGlite has one; each pooled PostgreSQL
-- connection has its own), so a report costs one round trip and no planning.
-- The rules stay in the service (state, clock, jurisdiction, duplicates within the radius); this
-- only writes what it is given. An unknown photo id fails on case_photos' foreign key and the whole
-- call writes nothing. A used idempotency key writes nothing and returns no row. Without a box
-- (a confirmed duplicate, which opens no work) nothing is searched.
create or replace function case_report(
  c jsonb,
  report_day text,
  actor_id integer,
  actor_role text,
  event_comment text,
  event_payload jsonb,
  photos text[],
  box double precision[]
) returns table (new_id bigint, new_code text, new_updated_at timestamptz, near jsonb)
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
  near := '[]'::jsonb;
  if box is not null then
    -- What a duplicate offer shows (see presentSummary), not whole rows.
    select coalesce(jsonb_agg(to_jsonb(n) order by n.id desc), '[]'::jsonb) into near
    from (
      select o.id, o.code, o.state, o.kind, o.category, o.urgency, o.source, o.description, o.address,
        o.lon, o.lat, o.grid_code, o.district_code, o.street_code, o.unit_id, o.pending_kind,
        jsonb_build_object('dispatchLevel', o.snapshot->'dispatchLevel', 'reworkCount', o.snapshot->'reworkCount')
          as snapshot,
        o.reported_at, o.step, o.step_due_at, o.reporter_id, o.reporter_phone
      from cases o
      where o.kind = r.kind and o.category = r.category and o.closed_at is null
        and o.state not in ('not_accepted', 'not_filed', 'cancelled')
        and o.lat between box[1] and box[2] and o.lon between box[3] and box[4]
        and o.id <> new_id
      order by o.id desc
      limit 20
    ) n;
  end if;
  return next;
end
$$;
