-- Return visits (回访): when a case closes, a hotline seat calls back the caller who asked for a
-- reply; a dissatisfied caller reopens the case for rework. A visit is a step of the case loop
-- (action `return_visit`), so the case's own transaction records it: the snapshot holds where the
-- visit of the current closing stands (snapshot.visit) and every call is an event row. A separate
-- table written beside them would be a second copy of the same facts that could drift from the
-- events the evaluation counts; `return_visits` is therefore a view over those events.

-- Every call, answered or not, with the closing it follows up.
create view return_visits as
select
  e.id,
  e.case_id,
  (select max(f.at) from case_events f
    where f.case_id = e.case_id and f.id < e.id and f.action in ('close', 'self_handle')) as due_since,
  (e.payload->>'attempt')::int as attempt,
  e.at,
  e.actor_id,
  case when e.payload->>'reached' = 'true' then 'reached' else 'not_reached' end as outcome,
  e.payload->>'satisfaction' as satisfaction,
  -- retry (not reached, still due), reached, unreached (the last allowed call went unanswered).
  e.payload->>'result' as result,
  e.comment,
  e.unit_id
from case_events e
where e.action = 'return_visit';

-- The hotline's queue of visits due: closed cases whose caller wants a reply and whose visit is
-- not over, oldest closing first (keyset on closed_at, id). Keep the predicate in step with
-- visits.repository.ts; the evaluation's pending visits use it too (by closed_at).
create index cases_visits_due on cases(closed_at, id)
  where state = 'closed' and wants_reply and coalesce(snapshot->'visit'->>'result', 'retry') = 'retry';

-- Visits made, newest first (keyset on the event id).
create index case_events_visits on case_events(id) where action = 'return_visit';
