import type { WebModule } from './webModule';
import { adminModule } from './features/admin/admin.module';
import { assessmentModule } from './features/assessment/assessment.module';
import { auditModule } from './features/audit/audit.module';
import { backupsModule } from './features/backups/backups.module';
import { cockpitModule } from './features/cockpit/cockpit.module';
import { calendarModule } from './features/calendar/calendar.module';
import { casesModule } from './features/cases/cases.module';
import { componentsModule } from './features/components/components.module';
import { deskModule } from './features/desk/desk.module';
import { emergencyModule } from './features/emergency/emergency.module';
import { evaluationModule } from './features/evaluation/evaluation.module';
import { gridsModule } from './features/grids/grids.module';
import { homeModule } from './features/home/home.module';
import { infrastructureModule } from './features/infrastructure/infrastructure.module';
import { intakeModule } from './features/intake/intake.module';
import { mapModule } from './features/map/map.module';
import { open311Module } from './features/open311/open311.module';
import { orgModule } from './features/org/org.module';
import { portalModule } from './features/portal/portal.module';
import { publicPortalModule } from './features/publicportal/publicportal.module';
import { sanitationModule } from './features/sanitation/sanitation.module';
import { committeeModule } from './features/committee/committee.module';
import { contractsModule } from './features/contracts/contracts.module';
import { municipalModule } from './features/municipal/municipal.module';
import { unitModule } from './features/unit/unit.module';
import { usersModule } from './features/users/users.module';
import { utilitiesModule } from './features/utilities/utilities.module';
import { visitsModule } from './features/visits/visits.module';
import { visitFiguresModule } from './features/visitfigures/visitFigures.module';
import { suggestionsModule } from './features/suggestions/suggestions.module';

/**
 * Every feature of the desk app. The router, the side menu and the i18n setup read this list;
 * a new feature is its folder plus one line here.
 */
export const WEB_MODULES: readonly WebModule[] = [
  mapModule,
  cockpitModule,
  casesModule,
  deskModule,
  unitModule,
  intakeModule,
  visitsModule,
  visitFiguresModule,
  suggestionsModule,
  evaluationModule,
  assessmentModule,
  componentsModule,
  utilitiesModule,
  emergencyModule,
  infrastructureModule,
  sanitationModule,
  committeeModule,
  contractsModule,
  municipalModule,
  homeModule,
  portalModule,
  publicPortalModule,
  adminModule,
  orgModule,
  usersModule,
  auditModule,
  open311Module,
  gridsModule,
  calendarModule,
  backupsModule,
];
