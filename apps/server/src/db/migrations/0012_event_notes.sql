-- Notes the system writes on an alarm's events are stored as a code with parameters (told in the
-- reader's language by the page), no longer as a Chinese sentence in comment. Case events keep
-- theirs in payload.note, which they already have room for.
alter table alarm_events add column note jsonb;
