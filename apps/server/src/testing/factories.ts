import type { CaseActionRequest, CaseState, Jurisdiction, Role } from '@cityloop/domain';
import { findUserByUsername } from '../features/auth/auth.repository.js';
import { toSessionUser } from '../features/auth/auth.service.js';
import type { CaseRow } from '../features/cases/cases.repository.js';
import type { SessionUser } from '../http/access.js';
import type { TestApp } from './testApp.js';
import { userActor } from '../actor.js';

/**
 * Test factories: make what a test needs through the real services, with defaults for everything
 * the test does not care about and the parents it needs made on the way.
 */

/** A 1×1 PNG, the smallest photo the attachments service accepts. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let serial = 0;

/** An account as the services see it after login. */
export async function userNamed(t: TestApp, username: string): Promise<SessionUser> {
  const row = await findUserByUsername(t.app.platform.db, username);
  if (!row) throw new Error(`no user ${username}`);
  return toSessionUser(row);
}

/** A new active account (password "cityloop-test") with its session cookie. */
export async function makeUser(
  t: TestApp,
  o: {
    roles: Role[];
    username?: string;
    jurisdiction?: Jurisdiction;
    supervisionGridCodes?: string[];
  },
): Promise<{ user: SessionUser; cookie: string }> {
  const username = o.username ?? `t.${o.roles[0]}.${process.pid}.${++serial}`;
  await t.app.services.users.save(
    null,
    {
      username,
      displayName: username,
      password: 'cityloop-test',
      roles: o.roles,
      jurisdiction: o.jurisdiction ?? { level: 'city', code: null, departmentId: null },
      ...(o.supervisionGridCodes ? { supervisionGridCodes: o.supervisionGridCodes } : {}),
    },
    null,
  );
  return { user: await userNamed(t, username), cookie: await t.login(username, 'cityloop-test') };
}

/** A stored photo, as a phone uploads it. */
export async function makePhoto(t: TestApp, uploaderId: number | null = null) {
  return t.app.services.attachments.upload(TINY_PNG, 'image/png', uploaderId);
}

/** The states makeCase can leave a case in, in the order the loop reaches them. */
const PATH = [
  'reported',
  'accepted',
  'filed',
  'dispatched',
  'handled',
  'checking',
  'checked_ok',
  'closed',
] as const;
type PathState = (typeof PATH)[number] & CaseState;

/** The handler account of a unit: the demo's first, or a new one when the unit has none. */
async function handlerOf(t: TestApp, departmentId: number): Promise<SessionUser> {
  const r = await t.app.platform.db.query<{ username: string }>(
    `select username from users where department_id = $1 and 'handler' = any(roles) and active order by id limit 1`,
    [departmentId],
  );
  if (r.rows[0]) return userNamed(t, r.rows[0].username);
  return (
    await makeUser(t, { roles: ['handler'], jurisdiction: { level: 'department', code: null, departmentId } })
  ).user;
}

/**
 * A case reported by the operator (an event in category 0102, exposed rubbish, at the demo city's
 * centre unless said) and driven through the real loop to `state`: accepted, filed, dispatched to
 * the unit the loop suggests, reported done with a photo, sent to check, checked, closed. Each
 * step one minute after the last, from `at` (the node's clock by default).
 */
export async function makeCase(
  t: TestApp,
  o: {
    state?: PathState;
    at?: Date;
    where?: { lon: number; lat: number };
    category?: string;
    reporterPhone?: string;
    wantsReply?: boolean;
  } = {},
): Promise<CaseRow> {
  const cases = t.app.services.cases;
  const target = PATH.indexOf(o.state ?? 'reported');
  let at = o.at ?? cases.now();
  const next = () => (at = new Date(at.getTime() + 60_000));
  const operator = await userNamed(t, 'operator');
  const { case: c } = await cases.report(
    {
      kind: 'event',
      category: o.category ?? '0102',
      ...(o.where ?? { lon: 121.4, lat: 37.54 }),
      description: '暴露垃圾',
      source: 'leader',
      ...(o.reporterPhone ? { reporterPhone: o.reporterPhone } : {}),
      ...(o.wantsReply !== undefined ? { wantsReply: o.wantsReply } : {}),
    },
    userActor(operator),
    { now: at },
  );
  const steps: Array<() => Promise<[SessionUser, CaseActionRequest]>> = [
    async () => [operator, { action: 'accept' }],
    async () => [await userNamed(t, 'shiftleader'), { action: 'file' }],
    async () => [
      await userNamed(t, 'dispatcher'),
      { action: 'dispatch', unitId: (await cases.suggestUnits(c))[0]!.id },
    ],
    async () => {
      const row = (await cases.byId(t.app.platform.db, c.id))!;
      const photo = await makePhoto(t);
      return [await handlerOf(t, row.unit_id!), { action: 'report_done', photos: [photo.id] }];
    },
    async () => [operator, { action: 'to_check' }],
    async () => [await userNamed(t, 'inspector'), { action: 'check', passed: true }],
    async () => [await userNamed(t, 'shiftleader'), { action: 'close' }],
  ];
  for (const step of steps.slice(0, target)) {
    const [who, body] = await step();
    await cases.act(c.id, body, userActor(who), { now: next() });
  }
  return (await cases.byId(t.app.platform.db, c.id))!;
}

/**
 * An administrator's edit of an account through PUT /api/users/{id}, as the admin page sends it:
 * the account's current fields with `changes` on top. Answers the response.
 */
export async function editUserAs(t: TestApp, adminCookie: string, username: string, changes: object) {
  const list = await t.app.inject({ url: `/api/users?q=${username}`, headers: { cookie: adminCookie } });
  const u = (list.json().items as Array<Record<string, unknown>>).find((x) => x.username === username);
  if (!u) throw new Error(`no user ${username}`);
  return t.app.inject({
    method: 'PUT',
    url: `/api/users/${String(u.id)}`,
    headers: { cookie: adminCookie },
    payload: {
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      jurisdiction: u.jurisdiction,
      active: u.active,
      ...changes,
    },
  });
}
