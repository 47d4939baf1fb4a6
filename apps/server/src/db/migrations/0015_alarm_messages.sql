-- An alarm says what happened as a code with parameters (note: `alarm.condition` with the device,
-- metric, rule kind and value; packages/domain notes.ts), told in the reader's language by the
-- page, instead of a Chinese sentence in message. Alarms raised before keep their message, which
-- stays readable; new ones have none.
alter table alarms add column note jsonb;
alter table alarms alter column message drop not null;
