import { seedProfile, validateCommand, type CommandViolation } from '@cityloop/domain/telemetry/index';
import { waterDemandFactor } from './environment.js';
import { MINUTE_MS, type DeviceModel, type Physics } from './models.js';

/** What a simulated device does with a command from the platform. Pure, like the models. */

export interface CommandOutcome {
  model: DeviceModel;
  ok: boolean;
  message?: string;
}

function describe(v: CommandViolation): string {
  return [v.code, v.param, v.limit].filter((x) => x !== undefined).join(' ');
}

/**
 * Applies a command as the device would: it refuses what its own profile does not allow (step
 * limits are the platform's interlock, not the device's) and what its physical state forbids.
 */
export function applyCommand(
  model: DeviceModel,
  name: string,
  params: Readonly<Record<string, number>>,
): CommandOutcome {
  const p = model.physics;
  const profile = seedProfile(p.type);
  const refused: CommandViolation[] = profile
    ? validateCommand(profile, name, params).filter(
        (v) => v.code !== 'current_unknown' && v.code !== 'step_too_large',
      )
    : [{ code: 'unknown_command' }];
  if (refused.length > 0) return { model, ok: false, message: refused.map(describe).join('; ') };

  const fail = (message: string): CommandOutcome => ({ model, ok: false, message });
  const done = (physics: Physics): CommandOutcome => ({ model: { ...model, physics }, ok: true });
  const pumpIndex = (params['pump'] ?? 1) - 1;
  const setPump = (pumps: readonly number[], on: number) => pumps.map((s, i) => (i === pumpIndex ? on : s));

  switch (p.type) {
    case 'booster_station':
      if (name === 'set_pressure') {
        const value = params['value'] ?? p.setpoint;
        if (!p.pumps.some((s) => s === 1)) return fail('no pump running');
        // Two pumps in series add at most 0.45 MPa of head to the suction pressure.
        const suction = 0.22 - 0.04 * (waterDemandFactor(model.t) - 1);
        if (value > suction + 0.45) return fail('set-point beyond pump head');
        return done({ ...p, setpoint: value });
      }
      return done({ ...p, pumps: setPump(p.pumps, name === 'start_pump' ? 1 : 0) });
    case 'drainage_station':
      return done({ ...p, pumps: setPump(p.pumps, name === 'start_pump' ? 1 : 0) });
    case 'heat_station':
      if (name === 'set_valve') return done({ ...p, valve: params['value'] ?? p.valve });
      return done({ ...p, pumpOn: name === 'start_pump' ? 1 : 0 });
    case 'gas_regulator':
      // Stays shut for the crew's inspection.
      return done({ ...p, valveOpen: 0, reopenAt: model.t + 30 * MINUTE_MS });
    case 'streetlight_cabinet':
      return done({ ...p, on: name === 'switch_on' ? 1 : 0, manualUntil: model.t + 120 * MINUTE_MS });
    default:
      return fail(`unsupported command ${name}`);
  }
}
