import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('device registry', () => {
  it('seeds the demo fleet across the eight types, owned by the utility companies', async () => {
    const admin = await t.login('admin');
    const res = await t.app.inject({ url: '/api/devices?pageSize=1000', headers: { cookie: admin } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(200);
    expect(new Set(body.items.map((d: { type: string }) => d.type)).size).toBe(8);
  });
});
