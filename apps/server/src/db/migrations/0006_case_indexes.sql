-- Queues that stay fast at a million cases. The dispatcher's queue (filed, or sent to a district
-- centre) and a unit's inbox (dispatched/handling/suspended at unit level) each combine several
-- states with a condition on the snapshot, so the (state, …, id desc) indexes of 0002 cannot give
-- their rows newest first: PostgreSQL either sorts every matching row or walks the primary key
-- backwards filtering, and both grow with the table (bench/cases.bench.ts at 1M cases: 12 ms for
-- the district's queue walking the primary key, 60 ms sorting the unit's inbox; 0.1–0.3 ms with
-- these indexes at 10k and at 1M alike). Partial indexes whose predicates are exactly the
-- queue filters of cases.queries.ts make the first page a walk of LIMIT rows at any size; they only
-- hold open cases, so they stay small. Keep the predicates in step with queueWhere().
create index cases_to_dispatch_district on cases(district_code, id desc)
  where state = 'filed' or (state = 'dispatched' and snapshot->>'dispatchLevel' = 'district');
create index cases_to_dispatch on cases(id desc)
  where state = 'filed' or (state = 'dispatched' and snapshot->>'dispatchLevel' = 'district');
create index cases_inbox on cases(unit_id, id desc)
  where state in ('dispatched', 'handling', 'suspended') and coalesce(snapshot->>'dispatchLevel', 'unit') = 'unit';
