/** Roles a person may hold (one person may hold several). Chinese names live in the glossary. */
export const ROLES = [
  'admin', // 系统管理员
  'inspector', // 监督员: patrols a supervision grid, reports, verifies (核实) and checks (核查)
  'operator', // 受理员: intake operator, accepts or rejects reports, sends verify/check tasks
  'hotline', // 热线坐席: 12319 hotline seat, registers calls
  'shift_leader', // 值班长: files (立案), closes (结案), approves cancellation
  'dispatcher', // 派遣员: sends cases to units, approves extension / send-back / suspension
  'handler', // 专业部门处置人员: handling unit staff
  'supervisor', // 督办员: urges overdue cases
  'utility_operator', // 公用事业调度员: watches stations, sends commands
  'commander', // 应急指挥: emergency commander
  'leader', // 领导: reads the cockpit
  'citizen', // 市民
] as const;
export type Role = (typeof ROLES)[number];

export const JURISDICTION_LEVELS = ['city', 'district', 'street', 'department'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

/**
 * Where a user may act. `code` is the district (6 digits) or street (9 digits) code prefix of the
 * unit grids in reach; a department jurisdiction names the department id instead.
 */
export interface Jurisdiction {
  level: JurisdictionLevel;
  code: string | null;
  departmentId: number | null;
}

/** Whether a 15-digit unit grid code (or any code that starts with the area prefix) is in reach. */
export function jurisdictionCoversArea(j: Jurisdiction, areaCode: string): boolean {
  if (j.level === 'city') return true;
  if (j.level === 'department') return false;
  return j.code !== null && areaCode.startsWith(j.code);
}

/** The web app's landing page for a user, by their first role in this order of precedence. */
const HOMES: Array<[Role, string]> = [
  ['admin', '/admin'],
  ['dispatcher', '/desk'],
  ['shift_leader', '/desk'],
  ['operator', '/desk'],
  ['hotline', '/desk'],
  ['supervisor', '/desk'],
  ['handler', '/unit'],
  ['utility_operator', '/utilities'],
  ['commander', '/emergency'],
  ['leader', '/cockpit'],
  ['inspector', '/m/'],
  ['citizen', '/portal'],
];
export function homeFor(roles: readonly Role[]): string {
  return HOMES.find(([r]) => roles.includes(r))?.[1] ?? '/map';
}
