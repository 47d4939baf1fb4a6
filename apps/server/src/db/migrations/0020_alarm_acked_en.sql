-- The English name of who acknowledged an alarm, beside the Chinese one it keeps (as commands keep
-- their requester's and confirmer's): the English console names them in English.
alter table alarms add column acked_by_name_en text;
update alarms a set acked_by_name_en = u.display_name_en from users u where u.id = a.acked_by;
