import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../testing/testApp.js';

/** Security headers, the session cookie behind TLS, and cross-site (CSRF) requests. */
let t: TestApp;
let admin = '';
let citizenId = 0;
beforeAll(async () => {
  t = await makeTestApp({
    TRUST_PROXY: 'loopback',
    TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png',
  });
  admin = await t.login('admin');
  const list = await t.app.inject({ url: '/api/users?q=citizen', headers: { cookie: admin } });
  citizenId = (list.json().items as Array<{ id: number; username: string }>).find(
    (u) => u.username === 'citizen',
  )!.id;
});
afterAll(() => t.close());

describe('security headers', () => {
  it('sends a CSP that allows only this origin’s scripts and no framing, with nosniff and no referrer', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/img-src[^;]*blob:[^;]*https:\/\/\*\.tiles\.example\.org/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('sends HSTS and a Secure session cookie only when the request came over TLS', async () => {
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'leader', password: 'cityloop' },
    });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.cookies.find((c) => c.name === 'cl_session')!.secure).toBeFalsy();
    // Behind a TLS-terminating proxy on this host (TRUST_PROXY=loopback).
    const tls = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: 'leader', password: 'cityloop' },
    });
    expect(tls.statusCode).toBe(200);
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const cookie = tls.cookies.find((c) => c.name === 'cl_session')!;
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
  });
});

describe('cross-site requests (CSRF)', () => {
  const unlock = (headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/users/${citizenId}/unlock`,
      headers: { cookie: admin, ...headers },
    });

  it('refuses a bodiless text/plain POST from another site with 403, whatever the session', async () => {
    const res = await unlock({ origin: 'https://evil.example', 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
    expect((await unlock({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await unlock({ 'sec-fetch-site': 'same-site', origin: 'https://x.localhost' })).statusCode).toBe(
      403,
    );
    expect((await unlock({ origin: 'null' })).statusCode).toBe(403);
  });

  it('refuses cross-site logins, logouts and JSON posts too', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'leader', password: 'cityloop' },
    });
    expect(login.statusCode).toBe(403);
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: admin, 'sec-fetch-site': 'cross-site' },
      payload: { kind: 'event', category: '0102', lon: 121.4, lat: 37.54, description: 'x' },
    });
    expect(report.statusCode).toBe(403);
  });

  it('accepts the app’s own pages and clients that are not browsers', async () => {
    expect((await unlock({ origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(200);
    expect((await unlock({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    expect((await unlock({})).statusCode).toBe(200);
    // Behind the TLS proxy the page's origin is https.
    expect(
      (await unlock({ origin: 'https://city.example', host: 'city.example', 'x-forwarded-proto': 'https' }))
        .statusCode,
    ).toBe(200);
    // Reading stays open to a cross-site navigation (a link to a case page).
    const get = await t.app.inject({
      url: '/api/auth/me',
      headers: { cookie: admin, 'sec-fetch-site': 'cross-site' },
    });
    expect(get.statusCode).toBe(200);
  });

  it('refuses the live channel to another site’s page (cross-site WebSocket hijacking)', async () => {
    await expect(
      t.app.injectWS('/ws', { headers: { cookie: admin, origin: 'https://evil.example' } }),
    ).rejects.toThrow(/403/);
    const ws = await t.app.injectWS('/ws', {
      headers: { cookie: admin, origin: 'http://city.example', host: 'city.example' },
    });
    ws.terminate();
  });
});
