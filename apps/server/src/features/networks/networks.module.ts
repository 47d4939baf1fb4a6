import type { LineString } from 'geojson';
import { defineModule } from '../../modules/module.js';
import { generateNetworks, type RoadLine } from '../../seed/demoNetworks.js';
import * as repo from './networks.repository.js';
import { NetworkService } from './networks.service.js';
import { networkRoutes } from './networks.routes.js';
import * as renovationRepo from './renovation.repository.js';
import { RenovationService } from './renovation.service.js';
import { renovationRoutes } from './renovation.routes.js';
import { DEMO_PROGRAMMES, demoDoneDay, demoFailures } from './renovation.seed.js';

declare module '../../modules/module.js' {
  interface Offers {
    networks: Pick<NetworkService, 'aging' | 'graphSegments' | 'version'>;
  }
  interface Services {
    networks: NetworkService;
    renovation: RenovationService;
  }
}

interface RoadFeature {
  properties: { class?: string };
  geometry: LineString;
}

/**
 * Pipe networks (管网, issue 22): water, drainage, heating and gas segments, their aging and
 * renewal candidates. A demo city without networks gets them along its roads on start.
 */
export const networksModule = defineModule({
  name: 'networks',
  needs: ['map', 'grids'],
  async create({ db, clock, config, log }, { map, grids }) {
    const networks = new NetworkService(db, clock, config.timeZone);
    if (config.demo && grids.size > 0 && (await repo.count(db)) === 0) {
      const layers = await map.layers();
      const roads = (layers.layers.roads as { features?: RoadFeature[] } | undefined)?.features ?? [];
      const lines: RoadLine[] = roads
        .filter((f) => f.geometry?.type === 'LineString')
        .map((f) => ({
          class: f.properties.class ?? 'D',
          line: f.geometry.coordinates as Array<[number, number]>,
        }));
      const segments = generateNetworks(lines, (lon, lat) => grids.codeAt(lon, lat));
      await db.tx(async (q) =>
        repo.insert(
          q,
          segments.map((s) => ({
            id: s.id,
            network: s.network,
            kind: s.kind,
            material: s.material,
            diameter_mm: s.diameterMm,
            install_year: s.installYear,
            pressure_class: s.pressureClass,
            depth_m: s.depthM,
            owner: s.owner,
            failures: s.failures,
            district_code: s.districtCode,
            grid_code: s.gridCode,
            length_m: s.lengthM,
            geometry: { type: 'LineString', coordinates: s.line },
          })),
        ),
      );
      networks.forget();
      log(`The demo city's pipe networks: ${segments.length} segments along its roads`);
    }
    const renovation = new RenovationService(db, networks, clock, config.timeZone);
    if (config.demo && (await repo.count(db)) > 0) {
      const year = networks.year();
      if ((await renovationRepo.countFailures(db)) === 0) {
        const rows = await repo.attributes(db, ['water', 'drainage', 'heating', 'gas']);
        const failures = demoFailures(rows, year);
        await db.tx((q) => renovationRepo.insertFailures(q, failures));
        log(`The demo networks' failure history: ${failures.length} bursts, leaks and repairs`);
      }
      if ((await renovationRepo.countProgrammes(db)) === 0) {
        const today = renovation.today();
        for (const p of DEMO_PROGRAMMES) {
          try {
            await renovation.create({ year, ...p }, null, (i, n) => demoDoneDay(year, today, i, n));
          } catch {
            // A city whose network has no candidate left gets no programme for it.
          }
        }
        log(`The demo city's renovation programmes for ${year}: ${DEMO_PROGRAMMES.length}`);
      }
    }
    return {
      offer: networks,
      services: { networks, renovation },
      routes: async (app) => {
        await networkRoutes(app, { networks, gridAt: (lon, lat) => grids.codeAt(lon, lat) });
        await renovationRoutes(app, { renovation });
      },
    };
  },
});
