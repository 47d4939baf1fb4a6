import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/db.js';
import { createScratchDatabase, TEST_DB } from '../testing/testApp.js';
import { PgNotifyBus, type DomainEvent } from './bus.js';

// NOTIFY needs a real server; PGlite runs the in-process bus.
describe.skipIf(TEST_DB !== 'postgres')('PostgreSQL NOTIFY bus', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let a: Db;
  let b: Db;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    a = await openDb({ url: scratch.url, dataDir: null });
    b = await openDb({ url: scratch.url, dataDir: null });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.drop();
  });

  it('delivers every event of a burst, in order, to every node, in fewer notifications than events', async () => {
    const sender = await PgNotifyBus.create(a);
    const receiver = await PgNotifyBus.create(b);
    const got: number[] = [];
    receiver.subscribe((e) => got.push(e.data.n as number));
    let notifies = 0;
    const notify = a.notify.bind(a);
    a.notify = (channel, payload) => {
      notifies++;
      return notify(channel, payload);
    };
    // 400 events of ~100 bytes: more than one NOTIFY's 8,000-byte limit, so the batch is cut.
    const burst: DomainEvent[] = Array.from({ length: 400 }, (_, n) => ({
      type: 'case.updated',
      data: { n, code: `2026112400${String(n).padStart(6, '0')}`, state: 'reported' },
    }));
    await Promise.all(burst.map((e) => sender.publish(e)));
    await expect.poll(() => got.length, { timeout: 10_000 }).toBe(400);
    expect(got).toEqual(burst.map((e) => e.data.n));
    expect(notifies).toBeGreaterThan(1);
    expect(notifies).toBeLessThan(40);
    await sender.close();
    await receiver.close();
  });
});
