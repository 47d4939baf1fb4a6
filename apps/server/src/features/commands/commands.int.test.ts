import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '@cityloop/domain';
import { startFleet, type Fleet } from '@cityloop/sim';
import { eventually, makeUtilityTestApp, TEST_MQTT, type UtilityTestApp } from '../../mqtt/testing.js';
import { SCHEDULER_ACTOR } from '../../actor.js';

let t: UtilityTestApp;
let utility: string;
let utility2: string;
const fleets: Fleet[] = [];
beforeAll(async () => {
  t = await makeUtilityTestApp();
  utility = await t.login('utility');
  utility2 = await t.login('utility2');
});
afterAll(async () => {
  await Promise.all(fleets.map((f) => f.stop()));
  await t.close();
});

interface Command {
  id: number;
  current: number | null;
  deviceName: string;
  deviceType: string;
  requestedById: number;
  state: string;
  message: string | null;
  confirmedBy: string | null;
  events?: Array<{ event: string; toState: string; actorName: string | null }>;
}

/** A simulated device (the simulator's own device code) on a real MQTT connection. */
async function simulated(type: string) {
  const d = await t.device(type);
  const fleet = startFleet({
    url: t.mqtt.url,
    devices: [{ ...d, type }],
    intervalMs: 300,
    commandDelayMs: 100,
    seed: 7,
  });
  fleets.push(fleet);
  await fleet.ready;
  const device = t.app.services.devices.mustGet(d.id);
  await eventually(() => expect(device.status).toBe('online'));
  return { ...d, fleet, device };
}

async function current(deviceId: string, metric: string): Promise<number> {
  return eventually(async () => {
    const res = await t.app.inject({ url: `/api/devices/${deviceId}`, headers: { cookie: utility } });
    const v = (res.json().latest as Array<{ metric: string; value: number }>).find(
      (l) => l.metric === metric,
    );
    expect(v).toBeDefined();
    return v!.value;
  });
}

async function send(
  deviceId: string,
  name: string,
  params: Record<string, number> | undefined,
  cookie = utility,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/devices/${deviceId}/commands`,
    headers: { cookie },
    payload: params ? { name, params } : { name },
  });
}

async function command(id: number): Promise<Command> {
  const res = await t.app.inject({ url: `/api/commands/${id}`, headers: { cookie: utility } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Command;
}

describe(`remote commands (${TEST_MQTT} broker)`, () => {
  it('a valve set-point reaches the simulated station, which acks it: succeeded, with the full trail', async () => {
    const hs = await simulated('heat_station');
    const valve = await current(hs.id, 'valve_opening');
    const target = Math.round(valve < 50 ? valve + 5 : valve - 5);
    const res = await send(hs.id, 'set_valve', { value: target });
    expect(res.statusCode, res.body).toBe(200);
    const id = (res.json() as Command).id;
    const done = await eventually(async () => {
      const c = await command(id);
      expect(c.state).toBe('succeeded');
      return c;
    });
    expect(done.events!.map((e) => e.toState)).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
    await eventually(async () => expect(Math.round(await current(hs.id, 'valve_opening'))).toBe(target));
  });

  it('a device’s ack and link status are stored before the embedded broker acknowledges them', async () => {
    const d = await t.device('heat_station');
    const c = await t.connect(d.id, d.token);
    const commands: Array<{ id: string; name: string }> = [];
    c.on('message', (_topic, payload) =>
      commands.push(JSON.parse(payload.toString()) as { id: string; name: string }),
    );
    await c.subscribeAsync(deviceTopics.commands(d.id), { qos: 1 });
    const device = t.app.services.devices.mustGet(d.id);
    // Embedded: the PUBACK waits for the commit, so what the message says is stored once it
    // arrives. External: the broker acknowledges, the node stores it a moment later.
    const stored = <T>(check: () => Promise<T> | T) =>
      TEST_MQTT === 'embedded' ? Promise.resolve(check()) : eventually(check);
    // The devices table is locked for a moment: the link status cannot be written before it ends.
    let unlocked = false;
    const lock = t.app.platform.db.tx(async (tx) => {
      await tx.query('lock table devices in exclusive mode');
      await new Promise((r) => setTimeout(r, 600));
      unlocked = true;
    });
    await c.publishAsync(deviceTopics.status(d.id), JSON.stringify({ status: 'online', ts: Date.now() }), {
      qos: 1,
    });
    if (TEST_MQTT === 'embedded') expect(unlocked).toBe(true);
    await stored(() => expect(device.status).toBe('online'));
    await lock;
    // The step limit needs the valve's current opening.
    await c.publishAsync(
      deviceTopics.telemetry(d.id),
      JSON.stringify({ ts: Date.now(), values: { valve_opening: 38 } }),
      { qos: 1 },
    );
    await eventually(async () => expect(await current(d.id, 'valve_opening')).toBe(38));
    const res = await send(d.id, 'set_valve', { value: 40 });
    expect(res.statusCode, res.body).toBe(200);
    const id = (res.json() as Command).id;
    await eventually(() => expect(commands).toHaveLength(1));
    await c.publishAsync(
      deviceTopics.ack(d.id),
      JSON.stringify({ id: commands[0]!.id, status: 'succeeded', ts: Date.now() }),
      { qos: 1 },
    );
    await stored(async () => expect((await command(id)).state).toBe('succeeded'));
    await c.endAsync();
  });

  it('refuses a set-point beyond the range interlock or the maximum step', async () => {
    const hs = await simulated('heat_station');
    const valve = await current(hs.id, 'valve_opening');
    const tooFar = await send(hs.id, 'set_valve', { value: valve > 50 ? valve - 40 : valve + 40 });
    expect(tooFar.statusCode).toBe(422);
    expect(tooFar.json().error.details.violations).toEqual([
      expect.objectContaining({ code: 'step_too_large', limit: 10 }),
    ]);
    // The documented detail says it in words; details keeps the list for programs.
    expect(tooFar.json().error.detail).toBe('value moves more than 10 from the current value at once');
    const outOfRange = await send(hs.id, 'set_valve', { value: 120 });
    expect(outOfRange.statusCode).toBe(422);
    const unknown = await send(hs.id, 'open_sesame', undefined);
    expect(unknown.json().error.details.violations).toEqual([{ code: 'unknown_command' }]);
  });

  it('a critical command needs a second operator: the requester cannot confirm it, a colleague can', async () => {
    const bs = await simulated('booster_station');
    const setpoint = await current(bs.id, 'pressure_setpoint');
    const res = await send(bs.id, 'set_pressure', { value: Math.round((setpoint - 0.03) * 1000) / 1000 });
    expect(res.statusCode, res.body).toBe(200);
    const cmd = res.json() as Command;
    expect(cmd.state).toBe('awaiting_confirmation');
    // The colleague sees the value it changes: the set-point read when it was asked for.
    expect(cmd.current).toBe(setpoint);
    // The view names the station and who asked, as the confirming colleague's console shows them.
    expect(cmd.deviceName).toMatch(/^测试booster_station\d+$/);
    expect(cmd.deviceType).toBe('booster_station');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: utility } });
    expect(cmd.requestedById).toBe(me.json().id);
    const self = await t.app.inject({
      method: 'POST',
      url: `/api/commands/${cmd.id}/confirm`,
      headers: { cookie: utility },
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('command.self_confirmation');
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/commands/${cmd.id}/confirm`,
      headers: { cookie: utility2 },
    });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json().confirmedBy).toBe('公用事业调度员（复核）');
    const done = await eventually(async () => {
      const c = await command(cmd.id);
      expect(['succeeded', 'failed']).toContain(c.state);
      return c;
    });
    expect(done.state, done.message ?? '').toBe('succeeded');
    expect(done.events!.map((e) => e.event)).toEqual(['request', 'confirm', 'send', 'deliver', 'succeed']);
    // Operators by name; the device's acks came through MQTT, which names itself.
    expect(done.events!.map((e) => e.actorName)).toEqual([
      '公用事业调度员',
      '公用事业调度员（复核）',
      '公用事业调度员（复核）',
      'system:mqtt',
      'system:mqtt',
    ]);
  });

  it('an offline device gets its command queued until it expires', async () => {
    const d = await t.device('heat_station');
    const res = await send(d.id, 'start_pump', undefined);
    expect(res.statusCode, res.body).toBe(200);
    const cmd = res.json() as Command;
    expect(cmd.state).toBe('queued');
    const ttl = t.app.services.commands.timing.queueTtlS * 1000;
    expect(await t.app.services.commands.expireDue(new Date(Date.now() + ttl - 5000), SCHEDULER_ACTOR)).toBe(
      0,
    );
    expect(
      await t.app.services.commands.expireDue(new Date(Date.now() + ttl + 1000), SCHEDULER_ACTOR),
    ).toBeGreaterThanOrEqual(1);
    const after = await command(cmd.id);
    expect(after.state).toBe('expired');
    expect(after.events!.map((e) => e.event)).toEqual(['request', 'expire']);
    expect(after.events![1]!.actorName).toBe('system:scheduler');
  });

  it('a command queued while the device was offline is sent when it comes online', async () => {
    const d = await t.device('drainage_station');
    const res = await send(d.id, 'start_pump', { pump: 2 });
    expect((res.json() as Command).state).toBe('queued');
    const fleet = startFleet({
      url: t.mqtt.url,
      devices: [{ ...d, type: 'drainage_station' }],
      intervalMs: 300,
      commandDelayMs: 50,
    });
    fleets.push(fleet);
    await eventually(async () => expect((await command((res.json() as Command).id)).state).toBe('succeeded'));
  });
});
