import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { startCityLoop, type CityLoopServer } from './lib/servers.js';
import { summarizeLatency } from './lib/stats.js';
import type { Benchmark, Row } from './lib/types.js';

/**
 * Issue 19: "Anonymous portal report (with one photo) ≥ 0.5× an authenticated POST /api/cases of
 * the same report". One report = its photo uploaded, then the report sent: anonymously
 * (POST /api/public/photos, which re-encodes the photo without metadata, then
 * POST /api/public/reports) against a signed-in citizen (POST /api/attachments, then
 * POST /api/cases), the same phone photo, place, category and text, on one node, in alternating
 * rounds of the same length. Each anonymous report comes from an address of its own (through
 * X-Forwarded-For, TRUST_PROXY on) so the per-client limits measure nothing but their own check.
 */
export const publicPortalBench: Benchmark = {
  name: 'publicportal',
  description:
    'anonymous public-portal report with one photo vs an authenticated POST /api/cases of the same report',
  async run(ctx) {
    const size = ctx.quick
      ? { clients: 4, rounds: 1, roundMs: 1_500, warmupMs: 500 }
      : { clients: 8, rounds: 4, roundMs: 4_000, warmupMs: 1_500 };
    // A phone photo's worth: 1600×1200 JPEG of noise (≈ what a resident sends after the phone's own scaling).
    const photo = await sharp({
      create: {
        width: 1600,
        height: 1200,
        channels: 3,
        background: '#888',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg({ quality: 80 })
      .toBuffer();
    let node: CityLoopServer | null = null;
    try {
      node = await startCityLoop({ TRUST_PROXY: 'true' });
      ctx.log(
        `publicportal: node up in ${Math.round(node.bootMs)} ms; photo ${(photo.length / 1024).toFixed(0)} KB`,
      );
      const cookie = await login(node, 'citizen');
      let seq = 0;
      const place = {
        kind: 'event',
        category: '0102',
        lon: 121.4,
        lat: 37.54,
        description: '路边垃圾无人清理（基准测试）',
      };
      const form = (name: string) => {
        const f = new FormData();
        f.append('file', new Blob([photo], { type: 'image/jpeg' }), name);
        return f;
      };
      const url = node.url;
      const anonymous = async () => {
        const n = ++seq;
        const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        const up = await fetch(`${url}/api/public/photos`, {
          method: 'POST',
          body: form('p.jpg'),
          headers: { 'x-forwarded-for': ip },
        });
        if (up.status !== 200) throw new Error(`public photo: ${up.status} ${await up.text()}`);
        const { id } = (await up.json()) as { id: string };
        const res = await fetch(`${url}/api/public/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
          body: JSON.stringify({ ...place, photos: [id] }),
        });
        if (res.status !== 200) throw new Error(`public report: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      };
      const authenticated = async () => {
        const up = await fetch(`${url}/api/attachments`, {
          method: 'POST',
          body: form('p.jpg'),
          headers: { cookie },
        });
        if (up.status !== 200) throw new Error(`attachment: ${up.status} ${await up.text()}`);
        const { id } = (await up.json()) as { id: string };
        const res = await fetch(`${url}/api/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ ...place, photos: [id] }),
        });
        if (res.status !== 201) throw new Error(`POST /api/cases: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      };
      const drive = async (op: () => Promise<void>, ms: number) => {
        const lat: number[] = [];
        const start = performance.now();
        const end = start + ms;
        await Promise.all(
          Array.from({ length: size.clients }, async () => {
            while (performance.now() < end) {
              const t = performance.now();
              await op();
              lat.push(performance.now() - t);
            }
          }),
        );
        return { n: lat.length, s: (performance.now() - start) / 1000, lat };
      };
      await drive(authenticated, size.warmupMs);
      await drive(anonymous, size.warmupMs);
      const a = { n: 0, s: 0, lat: [] as number[] };
      const b = { n: 0, s: 0, lat: [] as number[] };
      const ratios: string[] = [];
      for (let i = 0; i < size.rounds; i++) {
        const x = await drive(authenticated, size.roundMs);
        const y = await drive(anonymous, size.roundMs);
        ratios.push((y.n / y.s / (x.n / x.s)).toFixed(2));
        for (const [acc, r] of [
          [a, x],
          [b, y],
        ] as const) {
          acc.n += r.n;
          acc.s += r.s;
          acc.lat.push(...r.lat);
        }
      }
      const la = summarizeLatency(a.lat);
      const lb = summarizeLatency(b.lat);
      return [
        {
          name: 'anonymous portal report + photo',
          value: b.n / b.s,
          unit: 'reports/s',
          baseline: { name: 'authenticated POST /api/cases + photo', value: a.n / a.s },
          target: '≥ 0.5×',
          note: `${size.clients} clients, ${size.rounds} × ${size.roundMs / 1000} s alternating; round ratios ${ratios.join(', ')}; ${b.n} vs ${a.n} reports`,
        },
        {
          name: 'anonymous portal report p99',
          value: lb.p99,
          unit: 'ms',
          baseline: { name: 'authenticated p99', value: la.p99 },
          note: `p50 ${lb.p50.toFixed(0)} vs ${la.p50.toFixed(0)} ms (upload + report, client side)`,
        },
      ] satisfies Row[];
    } finally {
      await node?.close();
    }
  },
};

async function login(node: CityLoopServer, username: string): Promise<string> {
  const res = await fetch(`${node.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'cityloop' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cl_session='));
  if (res.status !== 200 || !cookie) throw new Error(`login ${username}: ${res.status}`);
  return cookie.split(';')[0]!;
}
