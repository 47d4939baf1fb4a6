import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { MAX_ORPHANS_PER_USER } from './attachments.service.js';

/** Who may read an uploaded file, and how many unused uploads a user may leave behind. */
let t: TestApp;
const cookie: Record<string, string> = {};
const CENTRE = { lon: 121.4, lat: 37.54 };
beforeAll(async () => {
  t = await makeTestApp();
  for (const u of [
    'inspector',
    'citizen',
    'operator',
    'water.handler',
    'laishan.dispatcher',
    'zhifu.dispatcher',
  ])
    cookie[u] = await t.login(u);
});
afterAll(() => t.close());

async function upload(who: string) {
  const png = await sharp({
    create: { width: 32, height: 24, channels: 3, background: { r: 9, g: 99, b: 199 } },
  })
    .png()
    .toBuffer();
  const boundary = '----cityloop';
  return t.app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { cookie: cookie[who]!, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
}
const photo = async (who: string) => {
  const res = await upload(who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as string;
};
const read = async (who: string, id: string, thumb = false) =>
  (
    await t.app.inject({
      url: `/api/attachments/${id}${thumb ? '/thumb' : ''}`,
      headers: { cookie: cookie[who]! },
    })
  ).statusCode;

describe('reading attachments', () => {
  it('follows the case: whoever may read the case may read its photos, nobody else', async () => {
    const id = await photo('citizen');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cookie.citizen! },
      payload: { kind: 'event', category: '0102', description: '垃圾', photos: [id], ...CENTRE },
    });
    expect(res.statusCode, res.body).toBe(201);
    for (const who of ['citizen', 'operator', 'zhifu.dispatcher']) {
      expect(await read(who, id), who).toBe(200);
      expect(await read(who, id, true), `${who} thumb`).toBe(200);
    }
    // Another district's dispatcher and a unit the case was never sent to: as if it did not exist.
    for (const who of ['laishan.dispatcher', 'water.handler']) expect(await read(who, id), who).toBe(404);
  });

  it('lets only its uploader read an upload no case uses yet', async () => {
    const id = await photo('inspector');
    expect(await read('inspector', id)).toBe(200);
    expect(await read('operator', id)).toBe(404);
    expect(await read('citizen', id, true)).toBe(404);
  });
});

describe('unused uploads', () => {
  it('are capped per user', async () => {
    const me = (
      await t.app.inject({ url: '/api/auth/me', headers: { cookie: cookie['water.handler']! } })
    ).json().id as number;
    // Fill the user's allowance directly (a real upload makes a thumbnail; this is about the count).
    await t.app.platform.db.query(
      `insert into attachments(id, mime, size, path, uploaded_by)
       select 'cap-' || g, 'image/png', 1, 'nowhere/cap-' || g, $1 from generate_series(1, $2) g`,
      [me, MAX_ORPHANS_PER_USER],
    );
    const refused = await upload('water.handler');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('attachment.too_many');
    // Others are not affected.
    expect((await upload('operator')).statusCode).toBe(200);
  });

  it('expire: an old upload no case uses is deleted, one a case uses is kept', async () => {
    const orphan = await photo('operator');
    const used = await photo('citizen');
    await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cookie.citizen! },
      payload: { kind: 'event', category: '0102', description: '旧照片', photos: [used], ...CENTRE },
    });
    await t.app.platform.db.query(
      `update attachments set created_at = now() - interval '2 days' where id = any($1)`,
      [[orphan, used]],
    );
    const removed = await t.app.services.attachments.sweepExpired(Date.now() + 3_600_000);
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await read('operator', orphan)).toBe(404);
    expect(await read('citizen', used)).toBe(200);
  });
});
