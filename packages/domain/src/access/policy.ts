import { ROLES, type Role } from '../roles.js';

/**
 * Which roles reach which capability: the one access policy read by the server's route access
 * rules, the web router and the web side menu. A capability is a page or a family of API routes.
 *
 * `roles` may reach it (the server answers them, the router lets them in); `menu`, where given, is
 * the narrower set whose side menu lists it as their own work (others reach it by link or URL:
 * an administrator has the admin group instead of the desk, a leader or shift leader reads the
 * return visits without calling back). `menu` is always a subset of `roles` (tested).
 */
export interface Capability {
  roles: readonly Role[];
  menu?: readonly Role[];
}

const UTILITY_WATCHERS = ['utility_operator', 'commander', 'dispatcher', 'admin'] as const satisfies Role[];
const CENTRE_LEADS = [
  'leader',
  'admin',
  'supervisor',
  'shift_leader',
  'dispatcher',
] as const satisfies Role[];
const VISITORS = ['hotline', 'operator'] as const satisfies Role[];
const EMERGENCY_WATCHERS = [
  'commander',
  'leader',
  'shift_leader',
  'dispatcher',
  'admin',
] as const satisfies Role[];

export const ACCESS = {
  /** Read cases: everyone who works in the loop; citizens see only their own reports. */
  cases: { roles: ROLES },
  /** Report a problem (the phone app, the portal, hotline intake). */
  report: {
    roles: [
      'inspector',
      'operator',
      'hotline',
      'shift_leader',
      'dispatcher',
      'supervisor',
      'leader',
      'citizen',
      'utility_operator',
      'commander',
    ],
  },
  /** The dispatcher desk (/desk) and its queue counts. */
  desk: {
    roles: ['operator', 'hotline', 'shift_leader', 'dispatcher', 'supervisor', 'admin'],
    menu: ['operator', 'hotline', 'shift_leader', 'dispatcher', 'supervisor'],
  },
  /**
   * The desk's work on the city map (case points, clusters, heat, hotspots): those who direct and
   * oversee the work; each sees the cases of their own area.
   */
  caseMap: {
    roles: [
      'operator',
      'hotline',
      'shift_leader',
      'dispatcher',
      'supervisor',
      'leader',
      'commander',
      'admin',
    ],
  },
  /** A handling unit's inbox (/unit); it reads cases, so the server rule is `cases`. */
  unitInbox: { roles: ['handler', 'admin'], menu: ['handler'] },
  /** The inspectors' phone app (/m/). */
  phoneApp: { roles: ['inspector'] },
  /** Hotline intake (/intake): registers calls as reports. */
  intake: { roles: VISITORS },
  /** Return-visit lists (/visits): the seats who call back, and those who oversee them. */
  visits: {
    roles: [...VISITORS, 'shift_leader', 'supervisor', 'leader', 'admin'],
    menu: VISITORS,
  },
  /** Return-visit figures (/visits/figures): 回访率, 满意率, repeat complaints, with their cases. */
  visitFigures: {
    roles: [...VISITORS, 'shift_leader', 'supervisor', 'leader', 'dispatcher', 'admin'],
    menu: [...VISITORS, 'supervisor', 'leader'],
  },
  /** Suggestion campaigns (民意征集): record, group, adopt or decline with a reply, assign, visit back. */
  suggestions: {
    roles: [...VISITORS, 'shift_leader', 'supervisor', 'leader', 'dispatcher', 'admin'],
    menu: [...VISITORS, 'supervisor', 'leader'],
  },
  /** A handling unit's adopted suggestions to carry out (its own unit's tasks). */
  suggestionTasks: { roles: ['handler'] },
  /** Record a return visit and see a caller's full number. */
  returnVisits: { roles: VISITORS },
  /** Read the hotline's knowledge base (咨询 answers): the seats and those who oversee them. */
  knowledgeBase: { roles: [...VISITORS, 'shift_leader', 'supervisor', 'admin'], menu: [] },
  /** Write the knowledge base and the hotline desk's settings (/admin/knowledge). */
  knowledgeBaseEditing: { roles: ['admin', 'shift_leader'], menu: ['admin'] },
  /** Cases residents keep calling about (重复投诉 alerts): the supervisors' list to urge from. */
  repeatAlerts: {
    roles: ['supervisor', 'shift_leader', 'leader', 'dispatcher', ...VISITORS, 'admin'],
    menu: ['supervisor'],
  },
  /** Evaluation of every subject (/evaluation). */
  evaluation: { roles: CENTRE_LEADS },
  /** A handling unit reads its own unit's evaluation row only (the server's rule; no page yet). */
  evaluationOwnUnit: { roles: ['handler'] },
  /** Change the evaluation weights. */
  evaluationWeights: { roles: ['admin'] },
  /**
   * Fine-grained management assessment (/assessment): scores, rankings, bulletins, the catalogue and
   * the findings behind every point, open to those who lead and to the assessed parties.
   */
  assessment: {
    roles: [...CENTRE_LEADS, 'inspector', 'handler'],
    menu: ['leader', 'supervisor', 'shift_leader', 'dispatcher', 'admin'],
  },
  /** Record findings and re-inspect fixes (inspection and supervision group members). */
  assessmentInspect: { roles: ['inspector', 'supervisor', 'admin'] },
  /** The assessed party's dispute (申诉) of a finding. */
  assessmentDispute: { roles: ['dispatcher', 'handler'] },
  /** Decide disputes. */
  assessmentDecide: { roles: ['supervisor', 'admin'] },
  /** Maintain the catalogue, the groups and plans, the weights; close a month. */
  assessmentAdmin: { roles: ['admin'] },
  /** Utilities overviews, stations and their series (/utilities) */
  utilities: { roles: [...UTILITY_WATCHERS, 'leader'] },
  /** Pipe networks, their aging and renovation (/infrastructure): the watchers and leaders. */
  infrastructure: { roles: [...UTILITY_WATCHERS, 'leader'] },
  /** Import a pipe register into the networks. */
  networkImport: { roles: ['admin', 'utility_operator'] },
  /** The alarm console (/utilities/alarms) and live device events. */
  alarmConsole: { roles: UTILITY_WATCHERS },
  /** Read alarms and commands: the watchers, and a handling unit its own department's. */
  alarms: { roles: [...UTILITY_WATCHERS, 'handler'] },
  /** Read alarm rules. */
  alarmRules: { roles: ['admin', 'utility_operator', 'commander', 'dispatcher', 'leader'] },
  /** Change alarm rules. */
  alarmRuleEditing: { roles: ['admin', 'utility_operator'] },
  /** Read a node's telemetry ingest statistics. */
  ingestStats: { roles: ['admin', 'utility_operator'] },
  /** Send commands to devices, confirm or reject another operator's critical command. */
  commands: { roles: ['utility_operator', 'admin'] },
  /** Sanitation (/sanitation): cleaning sections, vehicles and their coverage (机扫率). */
  sanitation: { roles: [...UTILITY_WATCHERS, 'leader', 'supervisor'] },
  /** Open the cases of a day's missed sections now (the scheduler does it after each window). */
  sanitationCases: { roles: ['dispatcher', 'supervisor', 'admin'] },
  /**
   * The urban-management committee (/committee): members, special campaigns, bulletins. A handling
   * unit's staff see the campaigns their unit is a member of (the server's rule) and report on them.
   */
  committee: {
    roles: [...CENTRE_LEADS, 'handler'],
    menu: ['leader', 'supervisor', 'dispatcher', 'shift_leader', 'handler'],
  },
  /** Create campaigns and score the members on their tasks. */
  committeeManage: { roles: ['leader', 'supervisor', 'dispatcher', 'admin'] },
  /** Report a problem a campaign found (filed as a case for the member that must fix it). */
  committeeProblems: { roles: ['leader', 'supervisor', 'dispatcher', 'shift_leader'] },
  /**
   * Market-run services (/contracts): contracts, their sections and the contractors' monthly
   * assessment. A contractor's staff (a handling unit) see their own contracts only.
   */
  contracts: { roles: ['leader', 'supervisor', 'dispatcher', 'admin', 'handler'] },
  /** Register contracts, run a month's assessment and decide disputes: the bureau. */
  contractManagement: { roles: ['supervisor', 'admin'] },
  /** Record weighbridge weighings, sorting inspections and toilet checks (环卫 records). */
  sanitationRecord: { roles: ['utility_operator', 'inspector', 'supervisor', 'admin'] },
  /** Municipal facilities (/municipal): roads, bridges, manhole covers, street lights. */
  municipal: { roles: [...UTILITY_WATCHERS, 'leader', 'supervisor', 'inspector'] },
  /** Inspect a municipal facility (a defect opens a case) and open street-light cases. */
  municipalInspect: { roles: ['inspector', 'utility_operator', 'supervisor', 'admin'] },
  /** Edit a municipal facility's register attributes (audited). */
  municipalRegister: { roles: ['utility_operator', 'supervisor', 'admin'] },
  /** Approve or reject a road-cut permit (占道挖掘). */
  roadcutDecide: { roles: ['supervisor', 'leader', 'admin'] },
  /** Problems outside the bureau's remit (权限外问题, /municipal/remit): the register and its figures. */
  remit: { roles: ['dispatcher', 'supervisor', 'leader', 'admin'] },
  /** Record a party, coordination steps, an advance payment and its recovery (approval: leader, admin). */
  remitEdit: { roles: ['dispatcher', 'supervisor', 'leader', 'admin'] },
  /** The administrator's pages (/admin/…) and every write to the organisation and registries. */
  admin: { roles: ['admin'] },
  /** Make and list backups of the database and the uploaded files. */
  backups: { roles: ['admin'] },
  /** The audit log (/admin/audit). */
  audit: { roles: ['admin'] },
  /** The citizens' portal (/portal). */
  portal: { roles: ['citizen'] },
  /** The emergency console (/emergency): plans, warnings, state, responses, timeline, map. */
  emergency: { roles: EMERGENCY_WATCHERS, menu: ['commander', 'leader', 'shift_leader'] },
  /** Enter weather warnings (the duty officer) and dismiss or decide on proposals. */
  emergencyDuty: { roles: ['commander', 'shift_leader', 'admin'] },
  /** Sign activation, raise, lower or end (the plan's level names which of these roles). */
  emergencySign: { roles: ['commander', 'leader'] },
  /** Answer a call-out (叫应) and work the tasks of one's department (/emergency/my). */
  emergencyAnswer: {
    roles: [...EMERGENCY_WATCHERS, 'handler', 'utility_operator', 'inspector'],
    menu: ['handler'],
  },
  /** A snow crew's phone tab (清雪): its segments, reported passable and clean with a photo. */
  emergencyCrew: { roles: ['handler'] },
  /** The leaders' cockpit (/cockpit) and their monthly reports: those who lead the centre and the commanders. */
  cockpit: { roles: [...CENTRE_LEADS, 'commander'], menu: ['leader'] },
} as const satisfies Record<string, Capability>;

export type CapabilityName = keyof typeof ACCESS;

/** The roles that reach a capability. */
export function rolesFor(capability: CapabilityName): readonly Role[] {
  return ACCESS[capability].roles;
}

/** The roles whose side menu lists a capability (its `menu`, or everyone who reaches it). */
export function menuRolesFor(capability: CapabilityName): readonly Role[] {
  const c: Capability = ACCESS[capability];
  return c.menu ?? c.roles;
}

/** Whether a user holding `held` reaches a capability. */
export function canReach(held: readonly Role[], capability: CapabilityName): boolean {
  return rolesFor(capability).some((r) => held.includes(r));
}
