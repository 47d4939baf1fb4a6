import type { CockpitTileSource } from '@cityloop/domain/api';
import { committeeTiles } from './committee.cockpit.js';
import { defineModule } from '../../modules/module.js';
import { seedDemoCommittee } from '../../seed/demoCommittee.js';
import { CommitteeService } from './committee.service.js';
import { committeeRoutes } from './committee.routes.js';
import { CommitteeRegisters } from './committee.registers.js';
import { committeeRegisterRoutes } from './committee.registers.routes.js';
import { seedDemoCommitteeRegisters } from '../../seed/demoCommitteeRegisters.js';

declare module '../../modules/module.js' {
  interface Offers {
    committee: Pick<CommitteeService, 'members'> & CockpitTileSource;
  }
  interface Services {
    committee: CommitteeService;
    committeeRegisters: CommitteeRegisters;
  }
}

/**
 * The urban-management committee (城管委, issue 23): member departments and streets registered as
 * handling units, and the special campaigns (专项整治) they run. A demo city gets the pilot
 * district's 47 members and 16 campaigns.
 */
export const committeeModule = defineModule({
  name: 'committee',
  needs: ['org', 'cases', 'attachments', 'audit'],
  async create({ db, clock, config, log }, { org, cases, attachments }) {
    const committee = new CommitteeService(db, clock, org, cases, attachments, config.timeZone);
    const registers = new CommitteeRegisters(db, clock, committee, attachments);
    if (config.demo) {
      await seedDemoCommittee(db, org);
      await seedDemoCommitteeRegisters(db);
      log('The pilot district’s urban-management committee, its campaigns, commitments, liaison and sites');
    }
    return {
      offer: {
        members: (a) => committee.members(a),
        // The leaders' cockpit reads the campaigns running in its period (the cockpit passes its reader).
        cockpitTiles: (ctx) => committeeTiles(committee, ctx as Parameters<typeof committeeTiles>[1]),
      },
      services: { committee, committeeRegisters: registers },
      routes: async (app) => {
        await committeeRoutes(app, { committee });
        await committeeRegisterRoutes(app, { registers });
      },
    };
  },
});
