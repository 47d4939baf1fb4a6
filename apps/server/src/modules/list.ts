import type { FeatureModule, ModuleName } from './module.js';
import { authModule } from '../features/auth/auth.module.js';
import { auditModule } from '../features/audit/audit.module.js';
import { gridsModule } from '../features/grids/grids.module.js';
import { orgModule } from '../features/org/org.module.js';
import { usersModule } from '../features/users/users.module.js';
import { calendarModule } from '../features/calendar/calendar.module.js';
import { attachmentsModule } from '../features/attachments/attachments.module.js';
import { componentsModule } from '../features/components/components.module.js';
import { casesModule } from '../features/cases/cases.module.js';
import { evaluationModule } from '../features/evaluation/evaluation.module.js';
import { visitsModule } from '../features/visits/visits.module.js';
import { visitFiguresModule } from '../features/visitfigures/visitFigures.module.js';
import { hotlineModule } from '../features/hotline/hotline.module.js';
import { mapModule } from '../features/map/map.module.js';
import { geocodeModule } from '../features/geocode/geocode.module.js';
import { liveModule } from '../features/live/live.module.js';
import { devicesModule } from '../features/devices/devices.module.js';
import { telemetryModule } from '../features/telemetry/telemetry.module.js';
import { alarmsModule } from '../features/alarms/alarms.module.js';
import { commandsModule } from '../features/commands/commands.module.js';
import { utilitiesModule } from '../features/utilities/utilities.module.js';
import { backupsModule } from '../features/backups/backups.module.js';
import { open311Module } from '../features/open311/open311.module.js';
import { emergencyModule } from '../features/emergency/emergency.module.js';
import { suggestionsModule } from '../features/suggestions/suggestions.module.js';
import { notificationsModule } from '../features/notifications/notifications.module.js';
import { publicPortalModule } from '../features/publicportal/publicportal.module.js';
import { assessmentModule } from '../features/assessment/assessment.module.js';
import { networksModule } from '../features/networks/networks.module.js';
import { projectsModule } from '../features/projects/projects.module.js';
import { sanitationModule } from '../features/sanitation/sanitation.module.js';
import { committeeModule } from '../features/committee/committee.module.js';
import { contractsModule } from '../features/contracts/contracts.module.js';
import { cockpitModule } from '../features/cockpit/cockpit.module.js';
import { hydraulicsModule } from '../features/hydraulics/hydraulics.module.js';
import { wasteModule } from '../features/waste/waste.module.js';
import { municipalModule } from '../features/municipal/municipal.module.js';
import { demoModule } from '../seed/demo.module.js';

/**
 * Every feature of a CityLoop node. A new capability is a folder `features/<f>/` with its
 * `<f>.module.ts` and one entry here; buildApp builds them in dependency order (a module's
 * `needs` first, whatever their place in this list) and refuses a missing need or a cycle.
 */
export const MODULES: readonly FeatureModule<ModuleName, ModuleName>[] = [
  auditModule,
  authModule,
  gridsModule,
  orgModule,
  usersModule,
  calendarModule,
  attachmentsModule,
  componentsModule,
  casesModule,
  evaluationModule,
  visitsModule,
  visitFiguresModule,
  hotlineModule,
  mapModule,
  geocodeModule,
  liveModule,
  devicesModule,
  telemetryModule,
  alarmsModule,
  commandsModule,
  utilitiesModule,
  backupsModule,
  open311Module,
  emergencyModule,
  suggestionsModule,
  notificationsModule,
  publicPortalModule,
  assessmentModule,
  networksModule,
  projectsModule,
  sanitationModule,
  committeeModule,
  contractsModule,
  cockpitModule,
  hydraulicsModule,
  wasteModule,
  municipalModule,
  demoModule,
];
