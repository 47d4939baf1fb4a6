import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LoadGenerator, mergeLoadResults, type LoadResult } from './lib/load.js';
import { startCityLoop } from './lib/servers.js';
import { summarizeLatency } from './lib/stats.js';
import type { Benchmark, Row } from './lib/types.js';

/**
 * Issue: "A base-map tile (or the street-zoom layer request) p99 ≤ 2× a static file of the same
 * size from the same server". The street-zoom tiles around the city centre, each beside a static
 * file holding the same bytes, served by the same CityLoop node (its web-app file server).
 */
export const basemapBench: Benchmark = {
  name: 'basemap',
  description: 'GET /api/map/tiles at street zoom vs static files of the same sizes from the same node',
  async run(ctx) {
    const size = ctx.quick
      ? { side: 4, warmupMs: 500, roundMs: 1_000, rounds: 2, connections: 32 }
      : { side: 8, warmupMs: 2_000, roundMs: 2_000, rounds: 5, connections: 32 };
    const dist = await mkdtemp(path.join(os.tmpdir(), 'cityloop-bench-dist-'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>CityLoop</title>');
    const node = await startCityLoop({ WEB_DIST: dist });
    let load: LoadGenerator | null = null;
    try {
      const tiles = node.app.services.mapTiles;
      // Cutting: the first tile builds the index over every layer; then each tile once, cold.
      let t = performance.now();
      await tiles.tile(16, 54868, 25384);
      const indexMs = performance.now() - t;
      const coords = streetTiles(size.side);
      t = performance.now();
      const bodies: Buffer[] = [];
      for (const [x, y] of coords) bodies.push(await tiles.tile(16, x, y));
      const cutMs = (performance.now() - t) / coords.length;
      const filled = bodies.filter((b) => b.length > 0);
      if (filled.length < coords.length / 2)
        throw new Error(`only ${filled.length} of ${coords.length} street-zoom tiles hold anything`);
      const version = await tiles.version();
      const tilePaths = coords.map(([x, y]) => `/api/map/tiles/16/${x}/${y}.pbf?v=${version}`);
      // The static twins: the same bytes as files of the web app.
      const staticPaths: string[] = [];
      for (const [n, body] of bodies.entries()) {
        await writeFile(path.join(dist, `tile-${n}.pbf`), body);
        staticPaths.push(`/tile-${n}.pbf`);
      }
      const bytes = bodies.reduce((s, b) => s + b.length, 0);
      ctx.log(
        `index built in ${Math.round(indexMs)} ms; ${coords.length} street-zoom tiles cut cold at ` +
          `${cutMs.toFixed(1)} ms each, ${Math.round(bytes / coords.length)} bytes on average`,
      );

      load = await LoadGenerator.start();
      const common = { url: node.url, connections: size.connections };
      await load.run({ ...common, paths: staticPaths, durationMs: size.warmupMs });
      await load.run({ ...common, paths: tilePaths, durationMs: size.warmupMs });
      const rounds: Record<'tiles' | 'static', LoadResult[]> = { tiles: [], static: [] };
      for (let r = 0; r < size.rounds; r++) {
        rounds.static.push(await load.run({ ...common, paths: staticPaths, durationMs: size.roundMs }));
        rounds.tiles.push(await load.run({ ...common, paths: tilePaths, durationMs: size.roundMs }));
      }
      const tl = mergeLoadResults(rounds.tiles);
      const sl = mergeLoadResults(rounds.static);
      for (const [key, res] of [
        ['tiles', tl],
        ['static', sl],
      ] as const) {
        const bad = Object.keys(res.status).filter((s) => s !== '200');
        if (res.errors + res.timeouts > 0 || bad.length || res.requests === 0)
          throw new Error(`${key}: ${res.errors} lost, ${res.timeouts} timeouts, statuses ${bad.join(', ')}`);
      }
      const a = summarizeLatency(tl.latenciesMs);
      const b = summarizeLatency(sl.latenciesMs);
      const how = `${coords.length} zoom-16 tiles around the centre (${Math.round(bytes / coords.length)} bytes on average), ${size.connections} keep-alive connections, ${size.rounds} × ${size.roundMs / 1000} s alternating`;
      return [
        {
          name: 'GET /api/map/tiles p99',
          value: a.p99,
          unit: 'ms',
          baseline: { name: 'static file p99', value: b.p99 },
          target: '≤ 2×',
          note: `${how}; ${Math.round(tl.rps)} req/s against ${Math.round(sl.rps)}; lower is better`,
        },
        {
          name: 'GET /api/map/tiles p50',
          value: a.p50,
          unit: 'ms',
          baseline: { name: 'static file p50', value: b.p50 },
          note: 'lower is better',
        },
        {
          name: 'GET /api/map/tiles',
          value: tl.rps,
          unit: 'req/s',
          baseline: { name: 'static file', value: sl.rps },
          note: 'the same files served by @fastify/static from the web app folder',
        },
        {
          name: 'tile index build',
          value: indexMs,
          unit: 'ms',
          note: 'geojson-vt over every layer of the demo city, once per start (or base-map change)',
        },
        {
          name: 'street-zoom tile cut, cold',
          value: cutMs,
          unit: 'ms',
          note: 'geojson-vt getTile + vt-pbf encoding, before the tile is kept',
        },
      ];
    } finally {
      await load?.close();
      await node.close();
      await rm(dist, { recursive: true, force: true });
    }
  },
};

/** A side × side block of zoom-16 tiles around the demo city's centre (121.4, 37.54). */
function streetTiles(side: number): Array<[number, number]> {
  const z = 16;
  const n = 2 ** z;
  const [lon, lat] = [121.4, 37.54];
  const rad = (lat * Math.PI) / 180;
  const cx = Math.floor(((lon + 180) / 360) * n);
  const cy = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  const out: Array<[number, number]> = [];
  for (let dy = 0; dy < side; dy++)
    for (let dx = 0; dx < side; dx++) out.push([cx - side / 2 + dx, cy - side / 2 + dy]);
  return out;
}
