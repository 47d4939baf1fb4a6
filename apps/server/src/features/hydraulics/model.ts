import { AnalysisStatistic, LinkProperty, NodeProperty, Project, Workspace } from 'epanet-js';
import { reach, type PipeGraph } from './graph.js';

/**
 * The water network as an EPANET 2.2 model (solved with epanet-js): each register segment a pipe,
 * each joint a junction whose demand is its share of the pipes' length, each plant and booster
 * station a fixed-head source at its outlet (a station controlled to a discharge pressure behaves
 * so), the boosters through check valves. The register holds no ground levels: the demo's
 * terrain (`groundM`) rises from the coast to the southern hills, so the boosters have hills to lift to.
 */

/** Ground elevation (m) of the demo city: 0 at the northern coast, up to ~45 m on the southern hills. */
export function groundM(lon: number, lat: number): number {
  const inland = Math.max(0, 37.565 - lat);
  const slope = 30 * (1 - Math.exp(-inland / 0.04));
  const hills = 15 * Math.max(0, Math.sin((lon - 121.3) * 70) * Math.sin((lat - 37.4) * 70));
  return Math.round((slope + hills) * 10) / 10;
}

export interface Source {
  key: string;
  kind: 'plant' | 'booster';
  node: number;
  /** Total head at the outlet (m): the ground's elevation plus the pressure head. */
  headM: number;
}

export interface HydraulicModel {
  inp: string;
  graph: PipeGraph;
  /** Graph node → EPANET node index (1-based), 0 when the node is not supplied from any source. */
  junctionOf: Int32Array;
  /** EPANET junctions in order: their graph node. */
  junctionNodes: Int32Array;
  /** Graph edges in the model, in EPANET link order (link index = position + 1). */
  pipeEdges: Int32Array;
  sources: Array<Source & { nodeIndex: number }>;
  demandLps: number;
}

/** Hazen–Williams C by material (typical values for pipes some decades in service). */
const HW_C: Record<string, number> = {
  grey_cast_iron: 90,
  ductile_iron: 130,
  steel: 110,
  galvanized_steel: 100,
  cement: 120,
  asbestos_cement: 120,
  pvc: 140,
  pe: 140,
  hdpe: 140,
};

/** 1 m of water head in MPa. */
export const MPA_PER_M = 0.00980665;

/** Demand per km of main (L/s): the peak hour, spread evenly along the pipes. */
export const DEMAND_LPS_PER_KM = 3;

export function buildModel(graph: PipeGraph, sources: readonly Source[]): HydraulicModel {
  const { nodes, edges } = reach(
    graph,
    sources.map((s) => s.node),
  );
  const junctionOf = new Int32Array(graph.nodeCount);
  const junctionNodes: number[] = [];
  for (let n = 0; n < graph.nodeCount; n++)
    if (nodes[n]) {
      junctionNodes.push(n);
      junctionOf[n] = junctionNodes.length;
    }
  const demand = new Float64Array(graph.nodeCount);
  const pipeEdges: number[] = [];
  for (let e = 0; e < graph.segments.length; e++) {
    if (!edges[e] || graph.from[e] === graph.to[e]) continue;
    pipeEdges.push(e);
    const q = ((graph.segments[e]!.lengthM / 1000) * DEMAND_LPS_PER_KM) / 2;
    demand[graph.from[e]!] = demand[graph.from[e]!]! + q;
    demand[graph.to[e]!] = demand[graph.to[e]!]! + q;
  }
  let demandLps = 0;
  const lines: string[] = ['[TITLE]', 'CityLoop water network', '', '[JUNCTIONS]'];
  for (const n of junctionNodes) {
    demandLps += demand[n]!;
    const z = groundM(graph.coords[2 * n]!, graph.coords[2 * n + 1]!);
    lines.push(`N${n} ${z} ${demand[n]!.toFixed(4)}`);
  }
  lines.push('', '[RESERVOIRS]');
  for (const s of sources) lines.push(`R_${s.key} ${s.headM.toFixed(3)}`);
  lines.push('', '[PIPES]');
  for (const e of pipeEdges) {
    const s = graph.segments[e]!;
    lines.push(
      `${s.id} N${graph.from[e]} N${graph.to[e]} ${Math.max(1, s.lengthM).toFixed(1)} ${s.diameterMm} ${HW_C[s.material] ?? 110} 0 Open`,
    );
  }
  for (const s of sources)
    lines.push(
      `L_${s.key} R_${s.key} N${s.node} 10 ${s.kind === 'plant' ? 1000 : 400} 130 0 ${s.kind === 'plant' ? 'Open' : 'CV'}`,
    );
  lines.push(
    '',
    '[OPTIONS]',
    'Units LPS',
    'Headloss H-W',
    'Trials 100',
    'Accuracy 0.001',
    'Unbalanced STOP',
    '',
    '[TIMES]',
    'Duration 0',
    '',
    '[END]',
    '',
  );
  const junctions = junctionNodes.length;
  return {
    inp: lines.join('\n'),
    graph,
    junctionOf,
    junctionNodes: Int32Array.from(junctionNodes),
    pipeEdges: Int32Array.from(pipeEdges),
    sources: sources.map((s, i) => ({ ...s, nodeIndex: junctions + i + 1 })),
    demandLps,
  };
}

let workspace: Promise<Workspace> | null = null;
/** The WebAssembly engine, loaded once per process. */
export function engine(): Promise<Workspace> {
  workspace ??= (async () => {
    const ws = new Workspace();
    await ws.loadModule();
    return ws;
  })();
  return workspace;
}

export interface Solution {
  converged: boolean;
  /** EPANET's words when it did not converge or failed. */
  reason: string | null;
  /** Pressure head per junction (m), in EPANET order. */
  pressureM: Float64Array;
  /** Velocity per link (m/s), in EPANET order (the segments, then the source links). */
  velocity: Float64Array;
  ms: number;
}

/**
 * Solves the model with the sources' heads set as given (by key; the model's own elsewhere).
 * EPANET's warnings are collected, not printed: "unbalanced" means no result.
 */
export async function solve(model: HydraulicModel, heads: ReadonlyMap<string, number>): Promise<Solution> {
  const ws = await engine();
  const t0 = performance.now();
  const project = new Project(ws);
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (msg: unknown) => warnings.push(String(msg));
  try {
    ws.writeFile('model.inp', model.inp);
    project.open('model.inp', 'model.rpt', '');
    for (const s of model.sources) {
      const h = heads.get(s.key);
      if (h !== undefined) project.setNodeValue(s.nodeIndex, NodeProperty.Elevation, h);
    }
    project.solveH();
    const pressureM = Float64Array.from(project.getNodeValues(NodeProperty.Pressure));
    const velocity = Float64Array.from(project.getLinkValues(LinkProperty.Velocity));
    const relErr = project.getStatistic(AnalysisStatistic.RelativeError);
    const unbalanced = warnings.find((w) => /Warning 1\)/.test(w));
    const converged = !unbalanced && Number.isFinite(relErr) && relErr <= 0.001;
    return {
      converged,
      reason: converged ? null : (unbalanced ?? `relative flow error ${relErr}`),
      pressureM,
      velocity,
      ms: performance.now() - t0,
    };
  } catch (err) {
    return {
      converged: false,
      reason: err instanceof Error ? err.message : String(err),
      pressureM: new Float64Array(0),
      velocity: new Float64Array(0),
      ms: performance.now() - t0,
    };
  } finally {
    console.warn = warn;
    try {
      project.close();
    } catch {
      // not opened
    }
  }
}

/** A bare solve of the model as written (the benchmark's baseline). */
export async function bareSolve(inp: string): Promise<void> {
  const ws = await engine();
  const project = new Project(ws);
  ws.writeFile('bare.inp', inp);
  project.open('bare.inp', 'bare.rpt', '');
  project.solveH();
  project.close();
}
