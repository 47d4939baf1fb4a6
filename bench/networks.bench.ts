import { performance } from 'node:perf_hooks';
import type { HydraulicCheckResult } from '@cityloop/domain/api';
import {
  buildGraph,
  degreeOf,
  reach,
  type GraphSegment,
} from '../apps/server/src/features/hydraulics/graph.js';
import { bareSolve } from '../apps/server/src/features/hydraulics/model.js';
import { shutdownEdges } from '../apps/server/src/features/hydraulics/hydraulics.service.js';
import { median } from './lib/stats.js';
import { startCityLoop } from './lib/servers.js';
import type { Benchmark, Row } from './lib/types.js';

/**
 * A synthetic water network of `n` segments: a street lattice of 200 m pieces around the demo
 * city's centre (every crossing a junction), with a few plants at its edge.
 */
function lattice(n: number): { segments: GraphSegment[]; sources: number[] } {
  const side = Math.ceil(Math.sqrt(n / 2));
  const step = 0.0018; // ~200 m of latitude
  const segments: GraphSegment[] = [];
  const at = (i: number, j: number): [number, number] => [121.2 + i * step * 1.26, 37.3 + j * step];
  for (let i = 0; i <= side && segments.length < n; i++)
    for (let j = 0; j <= side && segments.length < n; j++) {
      for (const [di, dj] of [
        [1, 0],
        [0, 1],
      ] as const) {
        if (segments.length >= n) break;
        segments.push({
          id: `S${segments.length}`,
          line: [at(i, j), at(i + di, j + dj)],
          diameterMm: (i + j) % 7 === 0 ? 400 : 150,
          lengthM: 200,
          material: 'ductile_iron',
          gridCode: null,
        });
      }
    }
  return { segments, sources: [0, side, side * (side + 1)] };
}

async function timeAsync(runs: number, body: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await body();
    ms.push(performance.now() - t0);
  }
  return ms;
}

export const networksBench: Benchmark = {
  name: 'networks',
  description:
    'Hydraulic check vs a bare epanet-js solve; shutdown impact on 200,000 segments vs a plain BFS',
  async run({ quick, log }) {
    const rows: Row[] = [];

    // 1. The hydraulic check of one command on the demo network, against a bare solve of its model.
    const s = await startCityLoop();
    try {
      const hyd = s.app.services.hydraulics;
      let booster: string | null = null;
      let first: HydraulicCheckResult | null = null;
      for (const d of s.app.services.devices.all()) {
        if (d.type !== 'booster_station') continue;
        const r = await hyd.check({ deviceId: d.id, name: 'set_pressure', params: { value: 0.3 } });
        if (r.status === 'ok' && (r.current?.sourceFlowLps ?? 0) > 0) {
          booster = d.id;
          first = r;
          break;
        }
      }
      if (!booster || !first) throw new Error('no booster station feeds the demo model');
      const inp = (await hyd.modelInp())!;
      const runs = quick ? 7 : 25;
      log(
        `networks: check ${booster} on ${first.model.junctions} junctions, ${first.model.pipes} pipes, ${runs} runs each`,
      );
      const body = { deviceId: booster, name: 'set_pressure', params: { value: 0.3 } };
      await bareSolve(inp);
      const check: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < runs; i++) {
        check.push(...(await timeAsync(1, () => hyd.check(body))));
        bare.push(...(await timeAsync(1, () => bareSolve(inp))));
      }
      rows.push({
        name: 'hydraulic check (one command)',
        value: median(check),
        unit: 'ms',
        baseline: { name: 'bare epanet-js solve of the same model', value: median(bare) },
        target: '≤ 1.3×',
        note: `${first.model.junctions} junctions, ${first.model.pipes} pipes, ${first.model.sources} sources; median of ${runs}, alternating; the present settings' solve is cached`,
      });
    } finally {
      await s.close();
    }

    // 2. Shutdown impact on 200,000 segments against a plain breadth-first search of the same graph.
    const n = 200_000;
    const t0 = performance.now();
    const { segments, sources } = lattice(n);
    const g = buildGraph(segments, 20);
    const buildMs = performance.now() - t0;
    const valves = new Uint8Array(g.nodeCount);
    for (let v = 0; v < g.nodeCount; v++) if (degreeOf(g, v) >= 3) valves[v] = 1;
    for (const v of sources) valves[v] = 1;
    const supplied = reach(g, sources).edges;
    const picks = Array.from({ length: quick ? 10 : 40 }, (_, i) => (i * 7919) % n);
    const sd: number[] = [];
    const bfs: number[] = [];
    let lost = 0;
    for (const e of picks) {
      let t = performance.now();
      lost += shutdownEdges(g, e, valves, sources, supplied).roles.length;
      sd.push(performance.now() - t);
      t = performance.now();
      lost += reach(g, sources).edges[e]!;
      bfs.push(performance.now() - t);
    }
    rows.push({
      name: 'shutdown impact (200,000 segments)',
      value: median(sd),
      unit: 'ms',
      baseline: { name: 'plain BFS of the same graph', value: median(bfs) },
      target: '≤ 2×',
      note: `${g.nodeCount} nodes; graph built in ${Math.round(buildMs)} ms; ${picks.length} segments, median; ${lost} lost in all`,
    });
    return rows;
  },
};
