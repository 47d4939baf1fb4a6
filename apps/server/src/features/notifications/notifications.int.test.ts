import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, type Clock } from '../../clock.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { HttpSmsAdapter, type NotificationAdapter, type OutgoingMessage } from './notifications.adapters.js';
import { MAX_ATTEMPTS, NotificationService, backoffMs } from './notifications.service.js';

let t: TestApp;
let admin: string;
let gateway: Server;
let gatewayUrl = '';
/** What the fake SMS gateway was sent, and how many requests it should still refuse. */
const received: Array<{ to: string; text: string; auth: string | undefined }> = [];
let refuseNext = 0;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (refuseNext > 0) {
        refuseNext--;
        res.writeHead(503).end('busy');
        return;
      }
      const m = JSON.parse(body) as { to: string; text: string };
      received.push({ ...m, auth: req.headers.authorization });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: `gw-${received.length}` }));
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
});
afterAll(async () => {
  await new Promise((r) => gateway.close(r));
  await t.close();
});

/** A clock the test moves by hand. */
function movingClock(start: string): Clock & { add(ms: number): void } {
  let now = Date.parse(start);
  return { now: () => new Date(now), add: (ms) => void (now += ms) };
}

const row = async (id: number) =>
  (
    await t.app.platform.db.query<{
      state: string;
      attempts: number;
      last_error: string | null;
      adapter: string | null;
      receipt: string | null;
      next_attempt_at: Date;
    }>(
      `select state, attempts, last_error, adapter, receipt, next_attempt_at from notification_outbox where id = $1`,
      [id],
    )
  ).rows[0]!;

const message = (recipient: string) => ({
  channel: 'sms' as const,
  recipient,
  topic: 'case_closed',
  subject: '城市管理',
  body: '您反映的问题已处理完毕',
  caseId: null,
});

describe('notification outbox', () => {
  it('an SMS is sent through the HTTP gateway and marked sent with its receipt only when the gateway confirms', async () => {
    const clock = movingClock('2026-12-01T10:00:00+08:00');
    const sms = new HttpSmsAdapter(gatewayUrl, 'gateway-token');
    const svc = new NotificationService(t.app.platform.db, clock, { sms, email: sms });
    const id = await svc.enqueue(t.app.platform.db, message('13700001234'));
    refuseNext = 1;
    expect(await svc.sendDue()).toBe(0);
    const failed = await row(id);
    expect(failed).toMatchObject({ state: 'pending', attempts: 1, adapter: 'sms-http' });
    expect(failed.last_error).toContain('503');
    expect(failed.next_attempt_at.getTime()).toBe(clock.now().getTime() + backoffMs(1));
    // Not due before its backoff has passed.
    expect(await svc.sendDue()).toBe(0);
    clock.add(backoffMs(1));
    expect(await svc.sendDue()).toBe(1);
    expect(await row(id)).toMatchObject({ state: 'sent', attempts: 2, receipt: 'gw-1', last_error: null });
    expect(received.at(-1)).toMatchObject({
      to: '13700001234',
      text: '您反映的问题已处理完毕',
      auth: 'Bearer gateway-token',
    });
  });

  it('waits longer after each failure and gives up after the last attempt, visible to an administrator who may retry', async () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(20)).toBe(3_600_000);
    const clock = movingClock('2026-12-01T10:00:00+08:00');
    const flaky: NotificationAdapter = {
      name: 'flaky',
      send: (_m: OutgoingMessage) => Promise.reject(new Error('connection refused')),
    };
    const svc = new NotificationService(t.app.platform.db, clock, { sms: flaky, email: flaky });
    const id = await svc.enqueue(t.app.platform.db, message('13700005678'));
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await svc.sendDue();
      clock.add(backoffMs(i));
    }
    expect(await row(id)).toMatchObject({
      state: 'failed',
      attempts: MAX_ATTEMPTS,
      last_error: 'connection refused',
    });

    const list = await t.app.inject({ url: '/api/notifications?state=failed', headers: { cookie: admin } });
    expect(list.statusCode).toBe(200);
    const body = list.json() as {
      items: Array<{ id: number; recipient: string; lastError: string }>;
      counts: { failed: number };
    };
    const item = body.items.find((i) => i.id === id)!;
    expect(item).toMatchObject({ recipient: '137****5678', lastError: 'connection refused' });
    expect(body.counts.failed).toBeGreaterThanOrEqual(1);
    // Only an administrator reads or retries the outbox.
    const hotline = await t.login('hotline');
    expect((await t.app.inject({ url: '/api/notifications', headers: { cookie: hotline } })).statusCode).toBe(
      403,
    );
    expect((await t.app.inject({ url: '/api/notifications' })).statusCode).toBe(401);

    const retried = await t.app.inject({
      method: 'POST',
      url: `/api/notifications/${id}/retry`,
      headers: { cookie: admin },
    });
    expect(retried.statusCode).toBe(200);
    expect((await row(id)).state).toBe('pending');
    // The node's own sender (the file sink here) takes it at once.
    await t.app.services.notifications.sendDue();
    expect(await row(id)).toMatchObject({ state: 'sent', adapter: 'file' });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/notifications/${id}/retry`,
      headers: { cookie: admin },
    });
    expect(again.statusCode).toBe(404);
  });

  it('two senders never send one message twice', async () => {
    const clock = fixedClock('2026-12-01T10:00:00+08:00');
    const sent: number[] = [];
    const slow: NotificationAdapter = {
      name: 'slow',
      send: async (m) => {
        sent.push(m.id);
        await new Promise((r) => setTimeout(r, 5));
        return 'ok';
      },
    };
    const a = new NotificationService(t.app.platform.db, clock, { sms: slow, email: slow });
    const b = new NotificationService(t.app.platform.db, clock, { sms: slow, email: slow });
    const ids: number[] = [];
    for (let i = 0; i < 30; i++)
      ids.push(await a.enqueue(t.app.platform.db, message(`1370000${String(i).padStart(4, '0')}`)));
    await Promise.all([a.sendDue(), b.sendDue()]);
    const mine = sent.filter((id) => ids.includes(id));
    expect(mine.sort((x, y) => x - y)).toEqual(ids);
  });
});
