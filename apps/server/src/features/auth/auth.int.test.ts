import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { MAX_FAILED_LOGINS } from './auth.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('login and sessions', () => {
  it('logs the demo admin in with an httpOnly cookie and reports roles and jurisdiction', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'cityloop' },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cl_session')!;
    expect(cookie.httpOnly).toBe(true);
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: `cl_session=${cookie.value}` } });
    expect(me.json()).toMatchObject({
      username: 'admin',
      roles: ['admin'],
      jurisdiction: { level: 'city' },
      home: '/admin',
      // The web app shows times in the city's zone, whatever the browser's.
      timeZone: 'Asia/Shanghai',
    });
  });

  it('sends each role to its own home page', async () => {
    for (const [user, home] of [
      ['dispatcher', '/desk'],
      ['inspector', '/m/'],
      ['water.handler', '/unit'],
      ['leader', '/cockpit'],
    ]) {
      const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: await t.login(user!) } });
      expect(me.json().home, user).toBe(home);
    }
  });

  it('refuses a wrong password with a clear message in the caller’s language', async () => {
    const zh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'leader', password: 'nope' },
    });
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error).toMatchObject({ code: 'auth.bad_credentials', message: '用户名或密码错误' });
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en-GB' },
      payload: { username: 'leader', password: 'nope' },
    });
    expect(en.json().error.message).toBe('Wrong username or password');
  });

  it('locks an account after repeated failures, even for the right password, until an admin unlocks it', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'citizen', password: 'wrong' },
      });
    }
    const locked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'citizen', password: 'cityloop' },
    });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('auth.locked');
    const admin = await t.login('admin');
    const list = await t.app.inject({ url: '/api/users?q=citizen', headers: { cookie: admin } });
    const citizen = list.json().items.find((u: { username: string }) => u.username === 'citizen');
    expect(citizen.locked).toBe(true);
    const unlock = await t.app.inject({
      method: 'POST',
      url: `/api/users/${citizen.id}/unlock`,
      headers: { cookie: admin },
    });
    expect(unlock.json().locked).toBe(false);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'citizen', password: 'cityloop' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('ends the session on logout', async () => {
    const cookie = await t.login('supervisor');
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('answers malformed and mistyped login bodies with 400 and a message', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    const typed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 5, password: [] },
    });
    expect(typed.statusCode).toBe(400);
    expect(typed.json().error.detail).toMatch(/password|username/);
  });
});
