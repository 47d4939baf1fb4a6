import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCase, makePhoto, makeUser } from './factories.js';
import { makeTestApp, type TestApp } from './testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

describe('test factories', () => {
  it('makeCase leaves a case in each state of the loop’s main path, through the real steps', async () => {
    for (const state of [
      'reported',
      'accepted',
      'filed',
      'dispatched',
      'handled',
      'checking',
      'checked_ok',
      'closed',
    ] as const) {
      const c = await makeCase(t, { state });
      expect(c.state, state).toBe(state);
    }
    const closed = await makeCase(t, { state: 'closed', at: new Date('2026-12-01T10:00:00+08:00') });
    expect(closed.closed_at!.toISOString()).toBe('2026-12-01T02:07:00.000Z');
  });

  it('makeUser makes an account that can sign in, and makePhoto a stored photo', async () => {
    const { user, cookie } = await makeUser(t, { roles: ['supervisor'] });
    expect(user.roles).toEqual(['supervisor']);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const photo = await makePhoto(t, user.id);
    expect(photo.mime).toBe('image/png');
  });
});
