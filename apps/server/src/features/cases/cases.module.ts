import { defineModule } from '../../modules/module.js';
import { CaseService } from './cases.service.js';
import { CaseDeskService } from './cases.desk.js';
import { caseRoutes } from './cases.routes.js';
import { CaseMapService } from './cases.map.js';

/**
 * The case loop as other features use it: a case by id and whether a user may see it, its
 * working-time clock, and reporting (alarms and the hotline report through the same path).
 */
export type CasesOffer = Pick<
  CaseService,
  | 'byId'
  | 'byIds'
  | 'canSee'
  | 'clock'
  | 'report'
  | 'act'
  | 'suggestUnits'
  // the market-run services' contracts: a contractor answers for its sections
  | 'setSectionUnits'
  // the hotline desk: repeat complaints and a caller's cases
  | 'duplicatesNear'
  | 'linkedReports'
  | 'casesByPhone'
  | 'escalateForRepeats'
  | 'setDuplicateRadius'
  | 'announce'
  // the public portal's view of a report
  | 'publicView'
  // the cockpit's source mix and top categories
  | 'figures'
>;

declare module '../../modules/module.js' {
  interface Offers {
    cases: CasesOffer;
  }
  interface Services {
    cases: CaseService;
    caseDesk: CaseDeskService;
    caseMap: CaseMapService;
  }
}

/** The case loop (数字城管): reports, the state machine's steps, queues and the desk. */
export const casesModule = defineModule({
  name: 'cases',
  needs: ['grids', 'calendar', 'attachments', 'org', 'components', 'users', 'audit'],
  create({ db, bus, clock, config }, { grids, calendar, attachments, org, components, users, audit }) {
    const cases = new CaseService(
      db,
      bus,
      grids,
      calendar,
      attachments,
      org,
      config.timeZone,
      (code) => components.exists(code),
      (id) => users.get(id).catch(() => null),
      clock,
    );
    // A component's page lists its cases: the registry asks the loop, which it does not import.
    components.setCaseHistorySource((code) => cases.casesOfComponent(code));
    audit.nameEntities('case', cases.auditNamer);
    // A photo of a case is read by those who may read the case.
    attachments.setReadAccess((user, id) => cases.mayReadPhoto(user, id));
    const caseDesk = new CaseDeskService(db, cases, users);
    const caseMap = new CaseMapService(db, config.timeZone, () => cases.now());
    return {
      offer: cases,
      services: { cases, caseDesk, caseMap },
      routes: (app) => caseRoutes(app, { cases, caseDesk, caseMap, grids }),
    };
  },
});
