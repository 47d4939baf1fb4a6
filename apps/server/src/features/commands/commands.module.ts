import { defineModule } from '../../modules/module.js';
import { CommandService } from './commands.service.js';
import { commandRoutes } from './commands.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    commands: Pick<CommandService, 'list'>;
  }
  interface Services {
    commands: CommandService;
  }
}

/**
 * Remote commands to stations (set-points, pumps, valves) with interlocks, a second person's
 * confirmation for critical ones and deadlines. Its MQTT side hears the devices' acks.
 */
export const commandsModule = defineModule({
  name: 'commands',
  needs: ['devices', 'telemetry', 'audit'],
  create({ db, bus, log }, { devices, telemetry, audit }) {
    const commands = new CommandService(db, bus, devices, telemetry, log);
    audit.nameEntities('command', commands.auditNamer);

    return {
      offer: commands,
      services: { commands },
      routes: (app) => commandRoutes(app, { commands }),
      mqtt: { commands },
      jobs: [
        {
          name: 'commands',
          role: 'scheduler',
          everyMs: 5000,
          run: (actor) => commands.expireDue(new Date(), actor),
        },
      ],
    };
  },
});
