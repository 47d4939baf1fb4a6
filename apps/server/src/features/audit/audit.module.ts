import { defineModule } from '../../modules/module.js';
import { AuditLog } from './audit.log.js';
import { auditRoutes } from './audit.routes.js';

/** Features name the things they own for the log (a case's code, a person's name). */
export type AuditOffer = Pick<AuditLog, 'nameEntities'>;

declare module '../../modules/module.js' {
  interface Offers {
    audit: AuditOffer;
  }
  interface Services {
    auditLog: AuditLog;
  }
}

/**
 * The audit log as administrators read it. Writes are logged by the features themselves, in
 * their own transactions (`audit()` in audit.service.ts); this module reads the log back with
 * the names the features give their things.
 */
export const auditModule = defineModule({
  name: 'audit',
  needs: [],
  create({ db }) {
    const log = new AuditLog(db);
    return { offer: log, services: { auditLog: log }, routes: (app) => auditRoutes(app, { log }) };
  },
});
