import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ADDRESS } from './auth.service.js';
import { editUserAs } from '../../testing/factories.js';

/** Login throttling with parallel attempts, uniform answers, and sessions that end with a new password. */
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string, from: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: from,
    payload: { username, password },
  });

describe('login throttling', () => {
  it('checks at most the limit of passwords when 20 wrong ones arrive at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => login('leader', 'wrong-password', '10.1.0.1')),
    );
    const codes = answers.map((r) => r.statusCode);
    // 401 = the password was checked and wrong; 423 = refused before any check.
    expect(codes.filter((c) => c === 401)).toHaveLength(MAX_FAILED_LOGINS);
    expect(codes.filter((c) => c === 423)).toHaveLength(20 - MAX_FAILED_LOGINS);
    // Even the right password is not checked from there for a while.
    expect((await login('leader', 'cityloop', '10.1.0.1')).statusCode).toBe(423);
  });

  it('does not let a stranger lock the real user out', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS + 3; i++) await login('admin', 'guess', '203.0.113.66');
    expect((await login('admin', 'cityloop', '203.0.113.66')).statusCode).toBe(423);
    // The administrator at their own desk signs in as usual.
    expect((await login('admin', 'cityloop', '10.1.0.2')).statusCode).toBe(200);
  });

  it('throttles one address trying many accounts, not the others', async () => {
    const from = '198.51.100.7';
    for (let i = 0; i < MAX_FAILED_LOGINS_PER_ADDRESS; i++) {
      expect((await login(`nobody${i}`, 'guess', from)).statusCode).toBe(401);
    }
    expect((await login('supervisor', 'cityloop', from)).statusCode).toBe(423);
    expect((await login('supervisor', 'cityloop', '198.51.100.8')).statusCode).toBe(200);
  });

  it('answers an unknown username exactly as a real one, after as much work', async () => {
    const real = await login('dispatcher', 'wrong-password', '10.1.0.3');
    const unknown = await login('no.such.user', 'wrong-password', '10.1.0.3');
    expect(unknown.statusCode).toBe(real.statusCode);
    expect(unknown.json()).toEqual(real.json());
    // Timing: both check a password hash (argon2id, tens of milliseconds); without the dummy check
    // an unknown name answered in a millisecond or two.
    const time = async (username: string, i: number) => {
      const start = process.hrtime.bigint();
      await login(username, 'wrong-password', `10.2.${i}.1`);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const realMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      realMs.push(await time('operator', i));
      unknownMs.push(await time('no.such.user', i));
    }
    expect(median(unknownMs)).toBeGreaterThan(median(realMs) * 0.5);
  });

  it('lets an administrator lift an account’s throttles', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('hotline', 'wrong', '10.1.0.9');
    expect((await login('hotline', 'cityloop', '10.1.0.9')).statusCode).toBe(423);
    const admin = await t.login('admin');
    const list = await t.app.inject({ url: '/api/users?q=hotline', headers: { cookie: admin } });
    const hotline = (list.json().items as Array<{ id: number; username: string; locked: boolean }>).find(
      (u) => u.username === 'hotline',
    )!;
    expect(hotline.locked).toBe(true);
    await t.app.inject({
      method: 'POST',
      url: `/api/users/${hotline.id}/unlock`,
      headers: { cookie: admin },
    });
    expect((await login('hotline', 'cityloop', '10.1.0.9')).statusCode).toBe(200);
  });
});

describe('sessions end with the account’s password or activity', () => {
  const put = (admin: string, username: string, changes: object) => editUserAs(t, admin, username, changes);
  const me = (cookie: string) => t.app.inject({ url: '/api/auth/me', headers: { cookie } });

  it('ends every session of a user whose password an administrator resets', async () => {
    const admin = await t.login('admin');
    const old = await t.login('commander');
    expect((await me(old)).statusCode).toBe(200);
    expect((await put(admin, 'commander', { password: 'new-password-1' })).statusCode).toBe(200);
    expect((await me(old)).statusCode).toBe(401);
    expect((await me(await t.login('commander', 'new-password-1'))).statusCode).toBe(200);
  });

  it('ends every session of a deactivated user, and keeps sessions through other edits', async () => {
    const admin = await t.login('admin');
    const session = await t.login('utility2');
    expect((await put(admin, 'utility2', { displayName: '调度员（改名）' })).statusCode).toBe(200);
    expect((await me(session)).statusCode).toBe(200);
    expect((await put(admin, 'utility2', { active: false })).statusCode).toBe(200);
    expect((await me(session)).statusCode).toBe(401);
  });
});
