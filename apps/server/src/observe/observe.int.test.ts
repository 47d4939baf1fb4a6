import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../testing/testApp.js';
import { startJobs } from '../jobs/jobs.js';

const TOKEN = 'scrape-token-0123456789abcdef';

/** Liveness, readiness and the Prometheus metrics of one node. */
describe('observe', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await makeTestApp({ METRICS_TOKEN: TOKEN });
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  const metrics = (headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers });

  it('answers /metrics to the scraper’s bearer token and to an administrator only', async () => {
    expect((await metrics()).statusCode).toBe(401);
    expect((await metrics({ authorization: 'Bearer not-the-token-at-all' })).statusCode).toBe(403);
    expect((await metrics({ cookie: await t.login('dispatcher') })).statusCode).toBe(403);
    const byToken = await metrics({ authorization: `Bearer ${TOKEN}` });
    expect(byToken.statusCode).toBe(200);
    expect(byToken.headers['content-type']).toMatch(/^text\/plain/);
    expect((await metrics({ cookie: admin })).statusCode).toBe(200);
  });

  it('measures HTTP latency per route pattern, not per URL', async () => {
    await t.app.inject({ method: 'GET', url: '/api/health' });
    await t.app.inject({ method: 'GET', url: '/api/no/such/thing/12345' });
    const text = (await metrics({ authorization: `Bearer ${TOKEN}` })).body;
    expect(text).toMatch(
      /cityloop_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="2xx"\} [1-9]/,
    );
    expect(text).toMatch(/route="unmatched",status="4xx"/);
    expect(text).not.toContain('/api/no/such/thing');
  });

  it('reads the ingest figures at each scrape', async () => {
    const text = (await metrics({ authorization: `Bearer ${TOKEN}` })).body;
    const capacity = t.app.services.telemetry.stats().bufferCapacity;
    expect(text).toContain(`cityloop_ingest_buffer_capacity ${capacity}`);
    expect(text).toMatch(/cityloop_ingest_readings_stored_total \d+/);
    expect(text).toMatch(/cityloop_ingest_db_healthy 1/);
  });

  it('counts job runs and failures', async () => {
    let runs = 0;
    const ran = new Promise<void>((resolve) => {
      const jobs = startJobs(
        [
          {
            name: 'probe',
            role: 'ingest',
            everyMs: 5,
            run: () => {
              runs++;
              if (runs === 1) throw new Error('first run fails');
              jobs.stop();
              resolve();
            },
          },
        ],
        { db: t.app.platform.db, roles: ['ingest'], metrics: t.app.platform.metrics },
      );
    });
    await ran;
    const text = (await metrics({ authorization: `Bearer ${TOKEN}` })).body;
    expect(text).toContain('cityloop_job_runs_total{job="probe",outcome="failed"} 1');
    expect(text).toContain('cityloop_job_runs_total{job="probe",outcome="ok"} 1');
  });

  it('is live while it answers, and ready only while every check passes', async () => {
    const live = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(live.json()).toMatchObject({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { db: 'ok' } });

    t.app.platform.readiness.set('broker', () => false);
    t.app.platform.readiness.set('thrower', () => {
      throw new Error('down');
    });
    try {
      const notReady = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json()).toEqual({
        status: 'not_ready',
        checks: { db: 'ok', broker: 'failing', thrower: 'failing' },
      });
    } finally {
      t.app.platform.readiness.delete('broker');
      t.app.platform.readiness.delete('thrower');
    }
  });
});
