import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { seedDemoDevices } from '../../seed/demoDevices.js';
import { AlarmService, type CaseReporter } from '../alarms/alarms.service.js';
import { alarmRoutes } from '../alarms/alarms.routes.js';
import { CommandService } from '../commands/commands.service.js';
import { commandRoutes } from '../commands/commands.routes.js';
import type { GridService } from '../grids/grids.service.js';
import type { OrgService } from '../org/org.service.js';
import { TelemetryService, telemetryOptionsFromEnv } from '../telemetry/telemetry.service.js';
import { DeviceService } from './devices.service.js';
import { deviceRoutes } from './devices.routes.js';

export interface UtilityServices {
  devices: DeviceService;
  telemetry: TelemetryService;
  alarms: AlarmService;
  commands: CommandService;
}

/**
 * Wires utilities monitoring (devices, telemetry, alarms, commands) for buildApp: seeds profiles
 * and, in demo mode, the demo fleet; loads the registry and rules. `cases` is read lazily because
 * the case service is built alongside.
 */
export async function createUtilities(deps: {
  db: Db;
  bus: EventBus;
  grids: GridService;
  org: OrgService;
  config: Config;
  cases: () => CaseReporter;
  log: (msg: string, err?: unknown) => void;
}): Promise<UtilityServices> {
  const { db, bus, log } = deps;
  const devices = new DeviceService(db, bus, deps.grids, deps.org);
  const newProfiles = await devices.init();
  if (deps.config.demo && devices.size === 0 && deps.grids.size > 0) {
    await seedDemoDevices(db, devices, deps.grids);
  }
  const telemetryOptions = telemetryOptionsFromEnv(process.env, {
    kind: db.kind,
    url: deps.config.databaseUrl,
  });
  const telemetry = new TelemetryService(db, devices, telemetryOptions, log);
  await telemetry.init();
  const alarms = new AlarmService(db, bus, devices, deps.cases, log);
  await alarms.init(newProfiles);
  const commands = new CommandService(db, bus, devices, telemetry, log);
  return { devices, telemetry, alarms, commands };
}

export async function utilityRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await deviceRoutes(app, ctx);
  await alarmRoutes(app, ctx);
  await commandRoutes(app, ctx);
  // preClose runs before every onClose hook, so the last readings are written while the
  // database is still open.
  app.addHook('preClose', async () => {
    await ctx.alarms.settled();
    await ctx.telemetry.writer.close();
  });
}
