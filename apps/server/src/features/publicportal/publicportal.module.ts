import { defineModule } from '../../modules/module.js';
import { PublicPortalService } from './publicportal.service.js';
import { publicPortalRoutes } from './publicportal.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    publicPortal: Record<string, never>;
  }
  interface Services {
    publicPortal: PublicPortalService;
  }
}

/** The demo city's prefix of tracking codes (烟台, Yantai). */
const TRACKING_PREFIX = 'YT';
/** The states a reporter hears of: filed (accepted), dispatched (maybe reopened), closed. */
const TOLD_STATES = new Set(['filed', 'dispatched', 'handling', 'closed']);

/**
 * The public portal (no account): report with photos and an optional verified phone, follow by
 * tracking code, rate the result; the reporter hears of acceptance, closing and reopening through
 * the notification outbox.
 */
export const publicPortalModule = defineModule({
  name: 'publicPortal',
  needs: ['cases', 'attachments', 'geocode', 'grids', 'notifications', 'evaluation'],
  create({ db, clock, config, bus, log }, { cases, attachments, geocode, grids, notifications, evaluation }) {
    const portal = new PublicPortalService({
      db,
      clock,
      timeZone: config.timeZone,
      prefix: TRACKING_PREFIX,
      cases,
      attachments,
      geocode,
      grids,
      notifications,
      evaluation,
    });
    const stop = bus.subscribe((e) => {
      if (e.type !== 'case.updated') return;
      // A portal report has no reporter account, and only these states are told: skip the rest
      // without asking the database (the demo seed alone makes a hundred thousand such events).
      if (e.scope?.case?.reporterId !== null && e.scope?.case?.reporterId !== undefined) return;
      const data = e.data as { id?: unknown; state?: unknown };
      if (typeof data.state !== 'string' || !TOLD_STATES.has(data.state)) return;
      portal
        .caseChanged(Number(data.id), data.state)
        .catch((err: unknown) => log('public portal: notify failed', err));
    });
    return {
      offer: {},
      services: { publicPortal: portal },
      routes: (app) => publicPortalRoutes(app, { portal, attachments }),
      close: () => {
        stop();
        return Promise.resolve();
      },
    };
  },
});
