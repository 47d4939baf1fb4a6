import type { CaseAction } from '@cityloop/domain/cases/actions';
import type { Role } from '@cityloop/domain/roles';
import type { DeskQueue } from '@/features/cases/cases.api';

/** Single-letter shortcuts of the desk: the main step of each queue (and a few more). */
export const ACTION_KEYS: Record<string, CaseAction> = {
  a: 'accept',
  v: 'send_verify',
  f: 'file',
  d: 'dispatch',
  t: 'to_check',
  c: 'close',
  u: 'urge',
};

/** The step that clears each queue, offered by its key. */
export const QUEUE_MAIN_ACTION: Partial<Record<DeskQueue, CaseAction>> = {
  to_accept: 'accept',
  to_file: 'file',
  to_dispatch: 'dispatch',
  to_check: 'to_check',
  to_close: 'close',
  overdue: 'urge',
};

/** Which queue a role starts on (the first role in this list that the user holds wins). */
const FIRST_QUEUE: Array<[Role, DeskQueue]> = [
  ['dispatcher', 'to_dispatch'],
  ['shift_leader', 'to_file'],
  ['operator', 'to_accept'],
  ['hotline', 'to_accept'],
  ['supervisor', 'overdue'],
];

export function firstQueueFor(roles: readonly Role[]): DeskQueue {
  return FIRST_QUEUE.find(([r]) => roles.includes(r))?.[1] ?? 'to_accept';
}

export function keyOf(action: CaseAction): string | undefined {
  return Object.entries(ACTION_KEYS).find(([, a]) => a === action)?.[0];
}
