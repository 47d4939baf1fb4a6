-- The states a case is still worked in are the domain's (OPEN_STATES in packages/domain), one
-- list: the duplicate search of case_report_batch (0010, 0013) typed them out again as the states it
-- is not in. The server now passes them; the search is otherwise the same.
drop function case_report_batch(jsonb);

create function case_report_batch(items jsonb, open_states text[])
returns table (idx integer, new_id bigint, new_code text, new_updated_at timestamptz, near json)
language plpgsql as $$
declare
  ids bigint[];
  made bigint[];
  made_codes text[];
  made_at timestamptz[];
begin
  -- Ids in item order, so that "before it in the batch" is "a smaller id".
  select array_agg(nextval(pg_get_serial_sequence('cases', 'id')) order by g) into ids
  from generate_series(1, jsonb_array_length(items)) g;

  with src as (
    select ids[e.ordinality::integer] as id, e.value as it, jsonb_populate_record(null::cases, e.value->'c') as r
    from jsonb_array_elements(items) with ordinality e
  ), ins as (
    insert into cases (
      id, code, state, snapshot, kind, category, urgency, source, nature, description, address, lon,
      lat, grid_code, district_code, street_code, community_code, supervision_grid_code,
      component_code, reporter_id, reporter_name, reporter_phone, wants_reply, idempotency_key,
      reported_at, step, step_started_at, step_due_at, duplicate_of, closed_at
    ) overriding system value
    select s.id, (s.it->>'day') || lpad(s.id::text, 8, '0'), (s.r).state, (s.r).snapshot, (s.r).kind,
      (s.r).category, (s.r).urgency, (s.r).source, (s.r).nature, (s.r).description, (s.r).address,
      (s.r).lon, (s.r).lat, (s.r).grid_code, (s.r).district_code, (s.r).street_code,
      (s.r).community_code, (s.r).supervision_grid_code, (s.r).component_code, (s.r).reporter_id,
      (s.r).reporter_name, (s.r).reporter_phone, coalesce((s.r).wants_reply, false),
      (s.r).idempotency_key, (s.r).reported_at, (s.r).step, (s.r).step_started_at,
      (s.r).step_due_at, (s.r).duplicate_of, (s.r).closed_at
    from src s
    order by s.id
    on conflict (idempotency_key) do nothing
    returning cases.id, cases.code, cases.updated_at
  ), ev as (
    insert into case_events (case_id, action, from_state, to_state, actor_id, actor_role, actor_system, at, comment, payload, photos)
    select s.id, 'report', null, (s.r).state, (s.it->>'actor')::integer, s.it->>'role', s.it->>'system', (s.r).reported_at,
      s.it->>'comment', s.it->'payload', array(select jsonb_array_elements_text(s.it->'photos'))
    from ins join src s on s.id = ins.id
    returning case_events.id, case_events.case_id
  ), ph as (
    insert into case_photos (case_id, attachment_id, event_id)
    select distinct ev.case_id, p.value, ev.id
    from ev join src s on s.id = ev.case_id
    cross join jsonb_array_elements_text(s.it->'photos') p
  )
  select array_agg(ins.id), array_agg(ins.code), array_agg(ins.updated_at)
    into made, made_codes, made_at
  from ins;

  if made is null then
    return;
  end if;
  return query
  select s.ord, c.id, c.code, c.updated_at, coalesce(n.near, '[]'::json)
  from unnest(made, made_codes, made_at) as c(id, code, updated_at)
  join (
    select e.ordinality::integer as ord, ids[e.ordinality::integer] as id, e.value->'c'->>'kind' as kind,
      e.value->'c'->>'category' as category, (e.value->'box'->>0)::float8 as lat1,
      (e.value->'box'->>1)::float8 as lat2, (e.value->'box'->>2)::float8 as lon1,
      (e.value->'box'->>3)::float8 as lon2
    from jsonb_array_elements(items) with ordinality e
  ) s on s.id = c.id
  left join lateral (
    select json_agg(json_build_array(
        o.id, o.code, o.state, o.lon, o.lat, o.grid_code, o.unit_id, o.reporter_id
      ) order by o.id desc) as near
    from (
      select o.id, o.code, o.state, o.lon, o.lat, o.grid_code, o.unit_id, o.reporter_id from cases o
      where o.kind = s.kind and o.category = s.category and o.closed_at is null
        and o.state = any(open_states)
        and o.lat between s.lat1 and s.lat2 and o.lon between s.lon1 and s.lon2
        and ((2 * o.lat - s.lat1 - s.lat2) / (s.lat2 - s.lat1)) ^ 2
          + ((2 * o.lon - s.lon1 - s.lon2) / (s.lon2 - s.lon1)) ^ 2 <= 1.001
        and o.id <> s.id and not (o.id = any(made) and o.id > s.id)
      order by o.id desc
      limit 20
    ) o
  ) n on s.lat1 is not null
  order by s.ord;
end
$$;
