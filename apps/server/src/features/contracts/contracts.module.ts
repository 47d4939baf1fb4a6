import type { CockpitTileSource } from '@cityloop/domain/api';
import { contractTiles } from './contracts.cockpit.js';
import { defineModule } from '../../modules/module.js';
import { seedDemoContracts } from '../../seed/demoContracts.js';
import { ContractAssessments } from './contracts.assessment.js';
import { contractRoutes } from './contracts.routes.js';
import { ContractService } from './contracts.service.js';
import { SelfInspections } from './contracts.selfInspections.js';
import { seedDemoSelfInspections } from '../../seed/demoSelfInspections.js';
import type { Layers } from './contracts.sections.js';

declare module '../../modules/module.js' {
  interface Offers {
    contracts: Pick<ContractService, 'unitsFor'> & CockpitTileSource;
  }
  interface Services {
    contracts: ContractService;
    contractAssessments: ContractAssessments;
  }
}

/**
 * Market-run services and contractor assessment (市场化运作 / 共管): contracts with their sections,
 * the contractors' project teams as handling units (cases in their sections go to them), and the
 * monthly assessment that turns their score into a capped payment deduction.
 */
export const contractsModule = defineModule({
  name: 'contracts',
  needs: ['org', 'users', 'grids', 'map', 'cases', 'evaluation', 'assessment', 'attachments'],
  async create(
    { db, config, clock },
    { org, users, grids, map, cases, evaluation, assessment, attachments },
  ) {
    const layers = async () => (await map.layers()).layers as Layers;
    const contracts = new ContractService(db, { org, grids, layers }, config.timeZone, clock);
    await contracts.reload();
    if (config.demo && grids.size > 0) {
      const base = await map.layers();
      const center = (base.center.length === 2 ? base.center : [121.4, 37.54]) as [number, number];
      await seedDemoContracts(
        contracts,
        users,
        base.layers as Layers,
        (lon, lat) => grids.codeAt(lon, lat),
        center,
      );
    }
    if (config.demo) await seedDemoSelfInspections(db);
    // Cases in a contract’s sections go to its contractor first (the dispatcher's suggestion).
    cases.setSectionUnits((c) => contracts.unitsFor(c));
    const contractAssessments = new ContractAssessments(
      db,
      contracts,
      { evaluation, assessment, cases },
      clock,
    );
    return {
      offer: {
        unitsFor: (c) => contracts.unitsFor(c),
        // The leaders' cockpit reads the month's contractor scores (the cockpit passes its reader).
        cockpitTiles: (ctx) => contractTiles(contractAssessments, ctx as Parameters<typeof contractTiles>[1]),
      },
      services: { contracts, contractAssessments },
      routes: (app) =>
        contractRoutes(app, {
          contracts,
          assessments: contractAssessments,
          selfInspections: new SelfInspections(db, contracts, attachments, clock),
        }),
    };
  },
});
