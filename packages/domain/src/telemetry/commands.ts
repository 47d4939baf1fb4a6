import { DomainError } from '../errors.js';
import type { CommandDef, DeviceProfile } from './profiles.js';
import { commandDef } from './profiles.js';

/**
 * Remote commands: their state machine, the second-operator confirmation of critical commands,
 * and the range interlocks checked before anything reaches a device.
 *
 *   awaiting_confirmation  confirm → queued · reject → rejected · expire → expired
 *   queued                 send → sent · expire → expired (device stayed offline) · reject → rejected
 *   sent                   deliver → delivered · succeed → succeeded · fail → failed · time_out → timed_out
 *   delivered              succeed → succeeded · fail → failed · time_out → timed_out
 *   timed_out              succeed → succeeded · fail → failed (a late ack)
 *   succeeded, failed, expired, rejected: final
 *
 * A late ack after time-out is still recorded: the operator who saw "timed out" must learn that
 * the pump did start after all.
 */

export const COMMAND_STATES = [
  'awaiting_confirmation',
  'queued',
  'sent',
  'delivered',
  'succeeded',
  'failed',
  'timed_out',
  'expired',
  'rejected',
] as const;
export type CommandState = (typeof COMMAND_STATES)[number];

export const COMMAND_EVENTS = [
  'confirm',
  'reject',
  'expire',
  'send',
  'deliver',
  'succeed',
  'fail',
  'time_out',
] as const;
export type CommandEvent = (typeof COMMAND_EVENTS)[number];

export const COMMAND_TRANSITIONS: Readonly<
  Record<CommandState, Partial<Record<CommandEvent, CommandState>>>
> = {
  awaiting_confirmation: { confirm: 'queued', reject: 'rejected', expire: 'expired' },
  queued: { send: 'sent', expire: 'expired', reject: 'rejected' },
  // A device may report the outcome without a separate "delivered" ack.
  sent: { deliver: 'delivered', succeed: 'succeeded', fail: 'failed', time_out: 'timed_out' },
  delivered: { succeed: 'succeeded', fail: 'failed', time_out: 'timed_out' },
  timed_out: { succeed: 'succeeded', fail: 'failed' },
  succeeded: {},
  failed: {},
  expired: {},
  rejected: {},
};

export function canCommandTransition(state: CommandState, event: CommandEvent): boolean {
  return COMMAND_TRANSITIONS[state][event] !== undefined;
}

/** The next state of a command, or DomainError `command.invalid_transition`. */
export function commandTransition(state: CommandState, event: CommandEvent): CommandState {
  const next = COMMAND_TRANSITIONS[state][event];
  if (next === undefined) {
    throw new DomainError('command.invalid_transition', `Cannot ${event} a command that is ${state}`, {
      state,
      event,
    });
  }
  return next;
}

/** No further change is expected (timed_out included: a late ack is the exception, not the plan). */
export function isCommandFinished(state: CommandState): boolean {
  return (
    state === 'succeeded' ||
    state === 'failed' ||
    state === 'timed_out' ||
    state === 'expired' ||
    state === 'rejected'
  );
}

export function initialCommandState(def: Pick<CommandDef, 'critical'>): CommandState {
  return def.critical ? 'awaiting_confirmation' : 'queued';
}

export type AckStatus = 'delivered' | 'succeeded' | 'failed';

const ACK_EVENTS: Readonly<Record<AckStatus, CommandEvent>> = {
  delivered: 'deliver',
  succeeded: 'succeed',
  failed: 'fail',
};

/**
 * The state after a device's ack, or null when the ack changes nothing. QoS 1 delivers
 * duplicates and an ack may overtake another, so a repeated or stale ack is ignored instead of
 * being an error.
 */
export function applyAck(state: CommandState, status: AckStatus): CommandState | null {
  const next = COMMAND_TRANSITIONS[state][ACK_EVENTS[status]];
  return next ?? null;
}

export interface CommandTiming {
  /** A critical command not confirmed within this window expires. */
  confirmationWindowS: number;
  /** A queued command not sent within this (the device stayed offline) expires. */
  queueTtlS: number;
  /** A sent command without a final ack within this times out. */
  ackTimeoutS: number;
}
export const COMMAND_TIMING: CommandTiming = { confirmationWindowS: 300, queueTtlS: 300, ackTimeoutS: 60 };

/** When the scheduler must act on a command that entered `state` at `enteredAt`, and how. */
export function commandDeadline(
  state: CommandState,
  enteredAt: number,
  timing: CommandTiming = COMMAND_TIMING,
): { at: number; event: 'expire' | 'time_out' } | null {
  switch (state) {
    case 'awaiting_confirmation':
      return { at: enteredAt + timing.confirmationWindowS * 1000, event: 'expire' };
    case 'queued':
      return { at: enteredAt + timing.queueTtlS * 1000, event: 'expire' };
    case 'sent':
    case 'delivered':
      return { at: enteredAt + timing.ackTimeoutS * 1000, event: 'time_out' };
    default:
      return null;
  }
}

export interface ConfirmableCommand {
  state: CommandState;
  requestedBy: string | number;
  requestedAt: number;
}

/**
 * A second operator confirms a critical command: returns the next state ('queued').
 * Throws `command.self_confirmation` when the requester tries, `command.confirmation_expired`
 * after the window (the caller then expires the command), `command.invalid_transition` when the
 * command is not awaiting confirmation.
 */
export function confirmCommand(
  cmd: ConfirmableCommand,
  confirmedBy: string | number,
  now: number,
  windowS: number = COMMAND_TIMING.confirmationWindowS,
): CommandState {
  const next = commandTransition(cmd.state, 'confirm');
  if (String(confirmedBy) === String(cmd.requestedBy)) {
    throw new DomainError('command.self_confirmation', undefined, { requestedBy: cmd.requestedBy });
  }
  if (now > cmd.requestedAt + windowS * 1000) {
    throw new DomainError('command.confirmation_expired', undefined, { requestedAt: cmd.requestedAt });
  }
  return next;
}

// ---------------------------------------------------------------------------------------------
// Range interlocks.

export type CommandViolationCode =
  | 'unknown_command'
  | 'unexpected_param'
  | 'missing_param'
  | 'not_a_number'
  | 'not_integer'
  | 'below_min'
  | 'above_max'
  | 'step_too_large'
  | 'current_unknown';

export interface CommandViolation {
  code: CommandViolationCode;
  param?: string;
  /** The limit crossed (min, max or max step), for the operator's message. */
  limit?: number;
}

const VIOLATION_TEXT: Record<CommandViolationCode, (v: CommandViolation) => string> = {
  unknown_command: () => 'the device type has no such command',
  unexpected_param: (v) => `${v.param} is not a parameter of this command`,
  missing_param: (v) => `${v.param} is missing`,
  not_a_number: (v) => `${v.param} must be a number`,
  not_integer: (v) => `${v.param} must be a whole number`,
  below_min: (v) => `${v.param} is below its minimum ${v.limit}`,
  above_max: (v) => `${v.param} is above its maximum ${v.limit}`,
  step_too_large: (v) => `${v.param} moves more than ${v.limit} from the current value at once`,
  current_unknown: (v) => `${v.param}'s current value is unknown, so the step limit cannot be checked`,
};

/** What an operator reads when a command is refused (the error's detail; `details` keeps the list). */
export function describeViolations(violations: readonly CommandViolation[]): string {
  return violations.map((v) => VIOLATION_TEXT[v.code](v)).join('; ');
}

// Set-points are decimals (0.35 MPa): 0.40 − 0.35 is 0.05000000000000004 in binary floating point.
const EPSILON = 1e-9;

/**
 * Checks a command against the device's profile: known name, exactly the declared params, each a
 * number within [min, max], an integer where required, and no further than maxStep from
 * `currentValue` (the latest reading of the param's currentMetric). A step limit cannot be
 * enforced blind, so a missing current value is itself a violation. Empty list = allowed.
 */
export function validateCommand(
  profile: DeviceProfile,
  name: string,
  params: Readonly<Record<string, unknown>> | null | undefined,
  currentValue?: number,
): CommandViolation[] {
  const def = commandDef(profile, name);
  if (!def) return [{ code: 'unknown_command' }];
  const given = params ?? {};
  const declared = def.params ?? [];
  const violations: CommandViolation[] = [];

  for (const key of Object.keys(given)) {
    if (!declared.some((p) => p.key === key)) violations.push({ code: 'unexpected_param', param: key });
  }
  for (const p of declared) {
    const raw = given[p.key];
    if (raw === undefined) {
      violations.push({ code: 'missing_param', param: p.key });
      continue;
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      violations.push({ code: 'not_a_number', param: p.key });
      continue;
    }
    if (p.integer && !Number.isInteger(raw)) violations.push({ code: 'not_integer', param: p.key });
    if (raw < p.min - EPSILON) violations.push({ code: 'below_min', param: p.key, limit: p.min });
    if (raw > p.max + EPSILON) violations.push({ code: 'above_max', param: p.key, limit: p.max });
    if (p.maxStep !== undefined) {
      if (currentValue === undefined || !Number.isFinite(currentValue)) {
        violations.push({ code: 'current_unknown', param: p.key });
      } else if (Math.abs(raw - currentValue) > p.maxStep + EPSILON) {
        violations.push({ code: 'step_too_large', param: p.key, limit: p.maxStep });
      }
    }
  }
  return violations;
}
