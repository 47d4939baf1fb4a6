-- The reading a set-point command was measured from when it was asked for (the value it changes),
-- so the operator confirming it sees "0.30 → 0.33 MPa" without reading the command's events.
-- Commands asked for before this column keep it in their request event's detail.
alter table commands add column current_value double precision;
update commands c
   set current_value = (e.detail ->> 'current')::double precision
  from command_events e
 where e.command_id = c.id and e.event = 'request' and e.detail ? 'current';
