-- Evaluation (综合评价) reads case_events and cases directly, never a counter table. These indexes
-- serve its range queries: disposals that came due in a period (whenever they were done), and
-- cases whose disposal deadline fell in a period (closing due, suspended).
create index case_events_done_due on case_events(due_at) where action = 'report_done';
create index cases_disposal_due on cases(disposal_due_at) where disposal_due_at is not null;
