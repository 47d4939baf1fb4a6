/** The desk's queues, in the order the loop runs (GET /api/cases?queue= names them). */
export const DESK_QUEUES = [
  'to_accept',
  'to_verify',
  'to_file',
  'to_dispatch',
  'in_work',
  'to_check',
  'to_close',
  'requests',
  'suspended',
  'overdue',
] as const;
export type DeskQueue = (typeof DESK_QUEUES)[number];

/**
 * Every queue: the desk's, an inspector's tasks and own reports, a unit's inbox and the work it has
 * handled, closed work and everything.
 */
export const CASE_QUEUES = [
  ...DESK_QUEUES,
  'my_tasks',
  'my_reports',
  'inbox',
  'handled',
  'closed',
  'all',
] as const;
export type CaseQueue = (typeof CASE_QUEUES)[number];
