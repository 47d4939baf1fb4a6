import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from '../errors.js';
import {
  applyAck,
  canCommandTransition,
  commandDeadline,
  commandTransition,
  COMMAND_EVENTS,
  COMMAND_STATES,
  confirmCommand,
  describeViolations,
  initialCommandState,
  isCommandFinished,
  validateCommand,
} from './commands.js';
import { commandDef, seedProfile, type DeviceProfile } from './profiles.js';

const T0 = Date.UTC(2025, 0, 10, 2, 0, 0);

function profile(type: string): DeviceProfile {
  const p = seedProfile(type);
  if (!p) throw new Error(type);
  return p;
}
const booster = profile('booster_station');
const heat = profile('heat_station');
const gas = profile('gas_regulator');

function codeOf(fn: () => unknown): ErrorCode | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe('command state machine', () => {
  it('walks the happy path of a critical command', () => {
    let s = initialCommandState({ critical: true });
    expect(s).toBe('awaiting_confirmation');
    for (const e of ['confirm', 'send', 'deliver', 'succeed'] as const) s = commandTransition(s, e);
    expect(s).toBe('succeeded');
    expect(initialCommandState({ critical: false })).toBe('queued');
  });

  it('allows exactly the documented transitions and throws command.invalid_transition otherwise', () => {
    const legal = new Set([
      'awaiting_confirmation:confirm',
      'awaiting_confirmation:reject',
      'awaiting_confirmation:expire',
      'queued:send',
      'queued:expire',
      'queued:reject',
      'sent:deliver',
      'sent:succeed',
      'sent:fail',
      'sent:time_out',
      'delivered:succeed',
      'delivered:fail',
      'delivered:time_out',
      'timed_out:succeed',
      'timed_out:fail',
    ]);
    for (const state of COMMAND_STATES) {
      for (const event of COMMAND_EVENTS) {
        const ok = legal.has(`${state}:${event}`);
        expect(canCommandTransition(state, event), `${state}:${event}`).toBe(ok);
        if (!ok) expect(codeOf(() => commandTransition(state, event))).toBe('command.invalid_transition');
      }
    }
  });

  it('ignores duplicate and stale acks instead of failing', () => {
    expect(applyAck('sent', 'delivered')).toBe('delivered');
    expect(applyAck('delivered', 'delivered')).toBeNull();
    expect(applyAck('succeeded', 'delivered')).toBeNull();
    expect(applyAck('sent', 'succeeded')).toBe('succeeded');
    expect(applyAck('timed_out', 'failed')).toBe('failed');
    expect(applyAck('queued', 'succeeded')).toBeNull();
  });

  it('knows which states are finished', () => {
    expect(COMMAND_STATES.filter(isCommandFinished)).toEqual([
      'succeeded',
      'failed',
      'timed_out',
      'expired',
      'rejected',
    ]);
  });

  it('tells the scheduler when to expire or time out', () => {
    expect(commandDeadline('awaiting_confirmation', T0)).toEqual({ at: T0 + 300_000, event: 'expire' });
    expect(commandDeadline('queued', T0)).toEqual({ at: T0 + 300_000, event: 'expire' });
    expect(commandDeadline('delivered', T0)).toEqual({ at: T0 + 60_000, event: 'time_out' });
    expect(commandDeadline('succeeded', T0)).toBeNull();
  });
});

describe('second-operator confirmation', () => {
  const cmd = { state: 'awaiting_confirmation' as const, requestedBy: 17, requestedAt: T0 };

  it('queues a command confirmed by another operator within the window', () => {
    expect(confirmCommand(cmd, 23, T0 + 300_000)).toBe('queued');
  });

  it('refuses confirmation by the operator who asked, whatever the id type', () => {
    expect(codeOf(() => confirmCommand(cmd, 17, T0 + 1000))).toBe('command.self_confirmation');
    expect(codeOf(() => confirmCommand(cmd, '17', T0 + 1000))).toBe('command.self_confirmation');
  });

  it('refuses confirmation after the window', () => {
    expect(codeOf(() => confirmCommand(cmd, 23, T0 + 300_001))).toBe('command.confirmation_expired');
    expect(codeOf(() => confirmCommand(cmd, 23, T0 + 60_001, 60))).toBe('command.confirmation_expired');
  });

  it('refuses confirming a command that is not waiting for it', () => {
    expect(codeOf(() => confirmCommand({ ...cmd, state: 'queued' }, 23, T0))).toBe(
      'command.invalid_transition',
    );
  });
});

describe('range interlocks', () => {
  it('says in words why a command is refused, for the error detail', () => {
    expect(describeViolations(validateCommand(booster, 'set_pressure', { value: 0.7 }, 0.58))).toBe(
      'value is above its maximum 0.6; value moves more than 0.05 from the current value at once',
    );
    expect(describeViolations(validateCommand(booster, 'open_sesame', {}))).toBe(
      'the device type has no such command',
    );
  });

  it('accepts a set-point within range and within one step of the current one', () => {
    expect(validateCommand(booster, 'set_pressure', { value: 0.35 }, 0.3)).toEqual([]);
    // 0.40 − 0.35 is not exactly 0.05 in floating point: still one step.
    expect(validateCommand(booster, 'set_pressure', { value: 0.4 }, 0.35)).toEqual([]);
    expect(validateCommand(booster, 'set_pressure', { value: 0.6 }, 0.58)).toEqual([]);
  });

  it('refuses values outside the range and steps larger than allowed', () => {
    expect(validateCommand(booster, 'set_pressure', { value: 0.7 }, 0.58)).toEqual([
      { code: 'above_max', param: 'value', limit: 0.6 },
      { code: 'step_too_large', param: 'value', limit: 0.05 },
    ]);
    expect(validateCommand(booster, 'set_pressure', { value: 0.1 }, 0.12)).toEqual([
      { code: 'below_min', param: 'value', limit: 0.15 },
    ]);
    expect(validateCommand(heat, 'set_valve', { value: 80 }, 60)).toEqual([
      { code: 'step_too_large', param: 'value', limit: 10 },
    ]);
  });

  it('refuses a stepped command when the current value is unknown', () => {
    expect(validateCommand(booster, 'set_pressure', { value: 0.35 })).toEqual([
      { code: 'current_unknown', param: 'value' },
    ]);
  });

  it('checks names, missing, extra, non-numeric and fractional params', () => {
    expect(validateCommand(booster, 'open_floodgates', {})).toEqual([{ code: 'unknown_command' }]);
    expect(validateCommand(booster, 'start_pump', {})).toEqual([{ code: 'missing_param', param: 'pump' }]);
    expect(validateCommand(booster, 'start_pump', { pump: 1.5 })).toEqual([
      { code: 'not_integer', param: 'pump' },
    ]);
    expect(validateCommand(booster, 'start_pump', { pump: 3 })).toEqual([
      { code: 'above_max', param: 'pump', limit: 2 },
    ]);
    expect(validateCommand(booster, 'start_pump', { pump: '1' })).toEqual([
      { code: 'not_a_number', param: 'pump' },
    ]);
    expect(validateCommand(gas, 'close_valve', { force: 1 })).toEqual([
      { code: 'unexpected_param', param: 'force' },
    ]);
    expect(validateCommand(gas, 'close_valve', null)).toEqual([]);
  });

  it('marks the commands that need a second operator', () => {
    expect(commandDef(booster, 'set_pressure')?.critical).toBe(true);
    expect(commandDef(gas, 'close_valve')?.critical).toBe(true);
    expect(commandDef(booster, 'start_pump')?.critical).toBe(false);
  });
});
