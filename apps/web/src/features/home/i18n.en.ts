import type { HomeMessages } from './i18n.zh-CN';

const homeEn: HomeMessages = {
  duties: {
    admin: [
      'Maintain districts, streets, communities, supervision grids and unit grids',
      'Manage handling units and the component and event categories they answer for',
      'Manage users, roles and jurisdictions; unlock accounts',
      'Import unit grids; read the audit log',
    ],
    inspector: [
      'Patrol your supervision grid',
      'Report the problems you find',
      'Carry out verification and check tasks',
    ],
    operator: [
      'Accept reports; send verification and check tasks',
      'Decide whether to file a case; send back poor reports',
    ],
    hotline: ['Register calls to the 12319 hotline', 'Answer citizens’ questions about progress'],
    shift_leader: ['File and close cases', 'Approve cancellations'],
    dispatcher: ['Send cases to handling units', 'Approve extensions, send-backs and suspensions'],
    handler: [
      'Receive and handle dispatched cases',
      'Report results; ask for an extension or send a case back',
    ],
    supervisor: ['Urge overdue and nearly overdue cases', 'Follow key cases'],
    utility_operator: [
      'Watch water, drainage, gas and heating stations',
      'Handle alarms and send remote commands',
    ],
    commander: ['Command emergencies', 'Deploy teams and supplies'],
    leader: ['Read the leaders’ cockpit', 'Follow how districts and units perform'],
    citizen: ['Report urban problems around you', 'Follow progress and rate the result'],
  },
  homes: {
    greeting: 'Hello, {name}',
    yourRoles: 'Your roles',
    jurisdiction: 'Jurisdiction',
    whatYouDo: 'What you do',
    quickLinks: 'Quick links',
    comingSoon: 'More is coming soon',
    desk: 'Intake and dispatch desk',
    unit: 'Handling unit desk',
    utilities: 'Utility monitoring',
    emergency: 'Emergency command',
    cockpit: 'Leaders’ cockpit',
    portal: 'Citizen services',
    map: 'City map',
    mobile: 'Inspector app',
  },
};

export default homeEn;
