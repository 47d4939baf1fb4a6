-- Rollups leave the ingest hot path (issue 4). Until now every raw batch upserted its 1-minute
-- and 1-hour rows in the same statement; a city-sized fleet (one reading per device every few
-- seconds) then rewrote each rollup row hundreds of times. Now a raw write appends the minutes it
-- touched to this queue in its own transaction, and a scheduled job under a lease recomputes those
-- minutes' rows from the stored readings, and each closed hour from its minutes. A recompute
-- replaces a bucket whole, so a retried or redelivered batch never counts twice, and an entry
-- left behind by a crash is worked off later.
-- No key: concurrent writers append without waiting on each other's entries; the job takes a
-- bucket once however many entries name it.
create table telemetry_rollup_queue (
  resolution text not null check (resolution in ('1m', '1h')),
  bucket timestamptz not null
);

-- The job reads one minute (or hour) of every device. Block-range indexes on time find it
-- without scanning the day and cost the writes almost nothing, since rows arrive in time order.
create index readings_ts on readings using brin (ts) with (pages_per_range = 32);
create index readings_1m_bucket on readings_1m using brin (bucket) with (pages_per_range = 32);
