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

/** Every queue: the desk's, an inspector's tasks, a unit's inbox, closed work and everything. */
export const CASE_QUEUES = [...DESK_QUEUES, 'my_tasks', 'inbox', 'closed', 'all'] as const;
export type CaseQueue = (typeof CASE_QUEUES)[number];
