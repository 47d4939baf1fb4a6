import { pinyin } from 'pinyin-pro';
import type { Role } from '@cityloop/domain';
import { districtSlug } from './departments.js';
import type { NameBook } from './names.js';
import type { Rng } from './rng.js';
import type { CityDistrict, DemoUser, Department, SupervisionGrid, UnitGrid } from './types.js';

/** Every demo account signs in with this password. */
export const DEMO_PASSWORD = 'cityloop';

/** Supervision grids staffed by a numbered demo inspector besides the main one. */
const SAMPLED_INSPECTORS = 20;

const CITY_ACCOUNTS: readonly (readonly [string, string, string, Role])[] = [
  ['admin', '系统管理员', 'System administrator', 'admin'],
  ['operator', '受理员', 'Intake operator', 'operator'],
  ['hotline', '热线坐席', 'Hotline agent', 'hotline'],
  ['shiftleader', '值班长', 'Shift leader', 'shift_leader'],
  ['dispatcher', '派遣员', 'Dispatcher', 'dispatcher'],
  ['supervisor', '督办员', 'Supervisor', 'supervisor'],
  ['leader', '领导', 'Leader', 'leader'],
  ['utility', '公用事业调度员', 'Utility operator', 'utility_operator'],
  ['utility2', '公用事业调度员（复核）', 'Utility operator (reviewer)', 'utility_operator'],
  ['commander', '应急指挥', 'Emergency commander', 'commander'],
  ['citizen', '市民', 'Citizen', 'citizen'],
];

/** A Chinese person's name in pinyin, surname first: 王建国 → "Wang Jianguo". */
export function personNameEn(name: string): string {
  const [surname = '', ...given] = pinyin(name, { toneType: 'none', type: 'array', surname: 'head' });
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return given.length ? `${cap(surname)} ${cap(given.join(''))}` : cap(surname);
}

/** A demo inspector: 监督员王伟 / "Inspector Wang Wei". */
function inspectorNames(names: NameBook): Pick<DemoUser, 'displayName' | 'displayNameEn'> {
  const person = names.personName();
  return { displayName: `监督员${person}`, displayNameEn: `Inspector ${personNameEn(person)}` };
}

/** Districts that get their own dispatcher account. */
const DISPATCH_DISTRICTS = ['370602', '370613'];

interface UserInputs {
  districts: readonly CityDistrict[];
  departments: readonly Department[];
  supervisionGrids: readonly SupervisionGrid[];
  grids: readonly UnitGrid[];
  centreGridCode: string;
  rng: Rng;
  names: NameBook;
}

function cityUser(username: string, displayName: string, displayNameEn: string, role: Role): DemoUser {
  return {
    username,
    displayName,
    displayNameEn,
    roles: [role],
    jurisdiction: { level: 'city', code: null, departmentId: null },
    departmentCode: null,
  };
}

/**
 * The demo accounts: one per city role, district dispatchers, one handler per department and
 * inspectors for the centre's supervision grids and a sample of others. Assigns the inspectors to
 * their supervision grids' `inspectors` lists.
 */
export function generateUsers(inputs: UserInputs): DemoUser[] {
  const users = CITY_ACCOUNTS.map(([username, displayName, displayNameEn, role]) =>
    cityUser(username, displayName, displayNameEn, role),
  );
  for (const district of inputs.districts) {
    if (!DISPATCH_DISTRICTS.includes(district.code)) continue;
    users.push({
      username: `${districtSlug(district)}.dispatcher`,
      displayName: `${district.name}派遣员`,
      displayNameEn: `${district.nameEn} District dispatcher`,
      roles: ['dispatcher'],
      jurisdiction: { level: 'district', code: district.code, departmentId: null },
      departmentCode: null,
    });
  }
  for (const department of inputs.departments) users.push(handlerOf(department, inputs.districts));
  users.push(...inspectors(inputs));
  return users;
}

function handlerOf(department: Department, districts: readonly CityDistrict[]): DemoUser {
  const district = districts.find((d) => d.code === department.districtCode);
  const slug =
    district === undefined ? department.code : department.code.replace(`-${districtSlug(district)}`, '');
  return {
    username: district === undefined ? `${slug}.handler` : `${slug}.${districtSlug(district)}`,
    displayName: `${department.name}处置员`,
    displayNameEn: `${department.nameEn} handler`,
    roles: ['handler'],
    jurisdiction: { level: 'department', code: null, departmentId: null },
    departmentCode: department.code,
  };
}

function inspectors(inputs: UserInputs): DemoUser[] {
  const { grids, supervisionGrids, centreGridCode, rng, names } = inputs;
  const centre = grids.find((g) => g.code === centreGridCode);
  if (centre === undefined) throw new Error('citygen: the centre grid is missing');
  const mainGrids = [centre.supervisionGridCode, ...neighbours(centre.supervisionGridCode, grids)];
  const byCode = new Map(supervisionGrids.map((s) => [s.code, s]));
  const assign = (user: DemoUser): DemoUser => {
    for (const code of user.supervisionGridCodes ?? []) byCode.get(code)?.inspectors.push(user.username);
    return user;
  };
  const users = [
    assign({
      username: 'inspector',
      ...inspectorNames(names),
      roles: ['inspector'],
      jurisdiction: { level: 'street', code: centre.streetCode, departmentId: null },
      departmentCode: null,
      supervisionGridCodes: mainGrids,
    }),
  ];
  const others = rng
    .shuffled(supervisionGrids.filter((s) => !mainGrids.includes(s.code)))
    .slice(0, SAMPLED_INSPECTORS)
    .sort((a, b) => a.code.localeCompare(b.code));
  others.forEach((grid, n) => {
    users.push(
      assign({
        username: `inspector.${n + 1}`,
        ...inspectorNames(names),
        roles: ['inspector'],
        jurisdiction: { level: 'street', code: grid.streetCode, departmentId: null },
        departmentCode: null,
        supervisionGridCodes: [grid.code],
      }),
    );
  });
  return users;
}

/** Supervision grids of the same street that share an edge with `code`, sorted. */
function neighbours(code: string, grids: readonly UnitGrid[]): string[] {
  const edgeOwner = new Map<string, string>();
  const found = new Set<string>();
  const streetCode = code.slice(0, 9);
  for (const grid of grids) {
    if (grid.streetCode !== streetCode) continue;
    for (let n = 0; n + 1 < grid.ring.length; n++) {
      const a = grid.ring[n];
      const b = grid.ring[n + 1];
      if (a === undefined || b === undefined) continue;
      // An undirected edge key: neighbouring cells walk their shared edge in opposite directions.
      const key = [a.join(','), b.join(',')].sort().join('|');
      const other = edgeOwner.get(key);
      if (other === undefined) edgeOwner.set(key, grid.supervisionGridCode);
      else if (other !== grid.supervisionGridCode) {
        if (other === code) found.add(grid.supervisionGridCode);
        if (grid.supervisionGridCode === code) found.add(other);
      }
    }
  }
  return [...found].sort();
}
