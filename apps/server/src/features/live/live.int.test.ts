import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { loadConfig } from '../../config.js';
import { buildApp, type CityLoopApp } from '../../app.js';
import { makeTestApp, TEST_DB, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

function collect(ws: WebSocket): Array<{ type: string; data: Record<string, unknown> }> {
  const got: Array<{ type: string; data: Record<string, unknown> }> = [];
  ws.on('message', (m: Buffer) => got.push(JSON.parse(m.toString())));
  return got;
}

const centreGrid = async (app: CityLoopApp) =>
  (await app.inject({ url: '/api/grids/at?lon=121.40&lat=37.54' })).json().code as string;

describe('live channel /ws', () => {
  it('refuses a connection without a session', async () => {
    await expect(t.app.injectWS('/ws')).rejects.toThrow(/401/);
  });

  it('pushes a grid edit to a signed-in client in that area, not to one of another district', async () => {
    const admin = await t.login('admin');
    const zhifu = await t.app.injectWS('/ws', { headers: { cookie: await t.login('zhifu.dispatcher') } });
    const laishan = await t.app.injectWS('/ws', { headers: { cookie: await t.login('laishan.dispatcher') } });
    const zhifuGot = collect(zhifu);
    const laishanGot = collect(laishan);
    const code = await centreGrid(t.app);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/grids/${code}`,
      headers: { cookie: admin },
      payload: { responsibleBody: '实时推送测试' },
    });
    await expect.poll(() => zhifuGot.map((m) => m.type)).toContain('grid.updated');
    expect(zhifuGot.find((m) => m.type === 'grid.updated')!.data.code).toBe(code);
    expect(laishanGot.map((m) => m.type)).not.toContain('grid.updated');
    zhifu.terminate();
    laishan.terminate();
  });
});

describe.runIf(TEST_DB === 'postgres')('several server nodes on one PostgreSQL', () => {
  let b: CityLoopApp;
  beforeAll(async () => {
    // A second node on the same database (the first created and seeded it).
    b = await buildApp(
      loadConfig({
        ...process.env,
        DATABASE_URL: t.config.databaseUrl!,
        DEMO_CASES: '0',
        SIM_DEVICES: '0',
        LOG_LEVEL: 'warn',
        WEB_DIST: '/nonexistent',
      }),
      { logger: false },
    );
    await b.ready();
  });
  afterAll(() => b.close());

  it('an edit on one node reaches the other node’s clients and its grid index', async () => {
    const code = await centreGrid(b);
    const ws = await b.injectWS('/ws', { headers: { cookie: await t.login('dispatcher') } });
    const got = collect(ws);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/grids/${code}`,
      headers: { cookie: await t.login('admin') },
      payload: { responsibleBody: '跨节点' },
    });
    await expect.poll(() => got.map((m) => m.type), { timeout: 5000 }).toContain('grid.updated');
    await expect
      .poll(
        async () => (await b.inject({ url: '/api/grids/at?lon=121.40&lat=37.54' })).json().responsibleBody,
        { timeout: 5000 },
      )
      .toBe('跨节点');
    ws.terminate();
  });

  it('keeps delivering after the database drops the LISTEN connection', async () => {
    const got: string[] = [];
    b.platform.bus.subscribe((e) => got.push(e.type));
    await t.app.platform.db.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const code = await centreGrid(t.app);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/grids/${code}`,
      headers: { cookie: await t.login('admin') },
      payload: { responsibleBody: '重连之后' },
    });
    await expect.poll(() => got, { timeout: 10_000 }).toContain('grid.updated');
  });
});
