-- English beside Chinese for the English interface (Chinese stays the primary name): departments,
-- people's display names, the time limits' filing and closing conditions, and the names a command
-- keeps of who asked for and who confirmed it. Null means no English name: pages show the Chinese.
alter table departments add column name_en text;
alter table users add column display_name_en text;
alter table time_limits add column filing_condition_en text;
alter table time_limits add column closing_condition_en text;
alter table commands add column requested_by_name_en text;
alter table commands add column confirmed_by_name_en text;
update commands c set requested_by_name_en = u.display_name_en from users u where u.id = c.requested_by;
update commands c set confirmed_by_name_en = u.display_name_en from users u where u.id = c.confirmed_by;
