import type { CalendarService } from './features/calendar/calendar.service.js';
import type { AttachmentService } from './features/attachments/attachments.service.js';
import type { CaseService } from './features/cases/cases.service.js';
import type { EvaluationService } from './features/evaluation/evaluation.service.js';
import type { VisitService } from './features/visits/visits.service.js';
import type { Config } from './config.js';
import type { Db } from './db/db.js';
import type { EventBus } from './events/bus.js';
import type { AuthService } from './features/auth/auth.service.js';
import type { GridService } from './features/grids/grids.service.js';
import type { GridImportService } from './features/grids/gridImport.js';
import type { ComponentService } from './features/components/components.service.js';
import type { ComponentImportService } from './features/components/componentImport.js';
import type { OrgService } from './features/org/org.service.js';
import type { UsersService } from './features/users/users.service.js';
import type { UtilityServices } from './features/devices/utilities.js';

/** The services of one server node, wired once in buildApp and handed to every feature's routes. */
export interface AppContext extends UtilityServices {
  config: Config;
  db: Db;
  bus: EventBus;
  auth: AuthService;
  grids: GridService;
  gridImport: GridImportService;
  components: ComponentService;
  componentImport: ComponentImportService;
  org: OrgService;
  users: UsersService;
  calendar: CalendarService;
  attachments: AttachmentService;
  cases: CaseService;
  evaluation: EvaluationService;
  visits: VisitService;
  /** How MQTT is provided; set by the ingest role when it starts. */
  mqttMode: 'embedded' | 'external';
}
