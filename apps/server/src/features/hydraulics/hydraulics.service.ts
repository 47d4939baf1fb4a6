import { DomainError, describeViolations, validateCommand } from '@cityloop/domain';
import type {
  HydraulicCheckBody,
  HydraulicCheckResult,
  HydraulicSummary,
  HydraulicWarning,
  ShutdownImpact,
} from '@cityloop/domain/api';
import type { Offers } from '../../modules/module.js';
import { buildGraph, degreeOf, isolate, nearestNode, reach, type PipeGraph } from './graph.js';
import {
  buildModel,
  groundM,
  MPA_PER_M,
  solve,
  type HydraulicModel,
  type Solution,
  type Source,
} from './model.js';

/** The usual minimum service pressure at the far ends of a water network (MPa). */
export const DEFAULT_MIN_PRESSURE_MPA = 0.14;
/** Faster than this a main scours and hammers (m/s). */
export const MAX_VELOCITY_MS = 3;
/** A plant's outlet and a booster's discharge pressure when no reading is at hand (MPa). */
const DEFAULT_HEAD_MPA = { plant: 0.4, booster: 0.35 } as const;
/** Connections along a distribution main (≤ 300 mm), per 100 m: the households to notify. */
export const HOUSEHOLDS_PER_100M = 40;
/** A station further than this from every pipe is not part of the model (m). */
const MAX_ATTACH_M = 3000;

const WATER_TYPES: Record<string, Source['kind']> = { water_plant: 'plant', booster_station: 'booster' };
const r3 = (x: number) => Math.round(x * 1000) / 1000;

interface Built {
  version: number;
  graph: PipeGraph;
  model: HydraulicModel | null;
  /** Nodes with valves: where three or more pipes meet, and where a source joins. */
  valveNodes: Uint8Array;
  sourceNodes: number[];
  /** Segments reached from a source with every valve open. */
  supplied: Uint8Array;
  /** Solutions of the present settings, by their heads. */
  solved: Map<string, Promise<Solution>>;
}

/**
 * The hydraulic tools on the stored water network: the check of a proposed water command (an
 * EPANET solve with the command applied, against the present settings) and the shutdown impact of
 * closing the valves around a segment (a traversal of the network graph).
 */
export class HydraulicService {
  private built: Promise<Built> | null = null;

  constructor(
    private readonly networks: Offers['networks'],
    private readonly devices: Offers['devices'],
    private readonly telemetry: Offers['telemetry'],
    private readonly grids: Offers['grids'],
  ) {}

  private state(): Promise<Built> {
    if (this.built) {
      const b = this.built;
      return b.then((x) => (x.version === this.networks.version ? x : ((this.built = null), this.state())));
    }
    const version = this.networks.version;
    this.built = this.build(version).catch((err: unknown) => {
      this.built = null;
      throw err;
    });
    return this.built;
  }

  private async build(version: number): Promise<Built> {
    const rows = await this.networks.graphSegments('water');
    const graph = buildGraph(
      rows.map((r) => ({
        id: r.id,
        line: r.geometry.coordinates,
        diameterMm: r.diameter_mm,
        lengthM: r.length_m,
        material: r.material,
        gridCode: r.grid_code,
      })),
      20,
      100,
    );
    const sources: Source[] = [];
    for (const d of this.devices.all()) {
      const kind = WATER_TYPES[d.type];
      if (!kind) continue;
      const at = nearestNode(graph, d.lon, d.lat);
      if (at.node < 0 || at.distanceM > MAX_ATTACH_M) continue;
      const z = groundM(graph.coords[2 * at.node]!, graph.coords[2 * at.node + 1]!);
      sources.push({ key: d.id, kind, node: at.node, headM: z + DEFAULT_HEAD_MPA[kind] / MPA_PER_M });
    }
    const valveNodes = new Uint8Array(graph.nodeCount);
    for (let n = 0; n < graph.nodeCount; n++) if (degreeOf(graph, n) >= 3) valveNodes[n] = 1;
    for (const s of sources) valveNodes[s.node] = 1;
    return {
      version,
      graph,
      model: sources.some((s) => s.kind === 'plant') ? buildModel(graph, sources) : null,
      valveNodes,
      sourceNodes: sources.map((s) => s.node),
      supplied: reach(
        graph,
        sources.map((s) => s.node),
      ).edges,
      solved: new Map(),
    };
  }

  /** The sources' present heads (m) from their latest readings, the defaults where none. */
  private async presentHeads(model: HydraulicModel): Promise<Map<string, number>> {
    const heads = new Map<string, number>();
    for (const s of model.sources) {
      const d = this.devices.byId(s.key);
      const metric = s.kind === 'plant' ? 'outlet_pressure' : 'pressure_setpoint';
      const v = d ? await this.telemetry.currentValue(d, metric) : undefined;
      const mpa = v !== undefined && v > 0.05 && v < 1 ? v : DEFAULT_HEAD_MPA[s.kind];
      heads.set(s.key, this.ground(model, s.node) + mpa / MPA_PER_M);
    }
    return heads;
  }

  private ground(model: HydraulicModel, node: number): number {
    return groundM(model.graph.coords[2 * node]!, model.graph.coords[2 * node + 1]!);
  }

  private solveCached(b: Built, model: HydraulicModel, heads: Map<string, number>): Promise<Solution> {
    const key = [...heads.values()].map((h) => h.toFixed(3)).join(',');
    let s = b.solved.get(key);
    if (!s) {
      if (b.solved.size > 20) b.solved.clear();
      s = solve(model, heads);
      b.solved.set(key, s);
    }
    return s;
  }

  /** The model's EPANET input as built from the stored network (null when nothing to model). */
  async modelInp(): Promise<string | null> {
    return (await this.state()).model?.inp ?? null;
  }

  /** Simulates a water command before it is sent: pressures and velocities, now and with it. */
  async check(body: HydraulicCheckBody): Promise<HydraulicCheckResult> {
    const device = this.devices.mustGet(body.deviceId);
    const kind = WATER_TYPES[device.type];
    if (!kind) {
      throw new DomainError(
        'hydraulics.not_water',
        `${device.id} is a ${device.type}: only water plants and booster stations are in the hydraulic model`,
      );
    }
    const def = device.profile.commands.find((c) => c.name === body.name);
    const stepMetric = def?.params?.find((p) => p.maxStep !== undefined)?.currentMetric;
    const current = stepMetric ? await this.telemetry.currentValue(device, stepMetric) : undefined;
    const violations = validateCommand(device.profile, body.name, body.params, current).filter(
      (v) => v.code !== 'current_unknown',
    );
    if (violations.length > 0) {
      throw new DomainError('command.rejected', describeViolations(violations), { violations });
    }
    const minPressureMPa = body.minPressureMPa ?? DEFAULT_MIN_PRESSURE_MPA;
    const b = await this.state();
    const base: HydraulicCheckResult = {
      status: 'no_result',
      reason: null,
      detail: null,
      device: { id: device.id, name: device.name, type: device.type },
      command: { name: body.name, params: body.params },
      minPressureMPa,
      maxVelocityMs: MAX_VELOCITY_MS,
      model: {
        junctions: b.model?.junctionNodes.length ?? 0,
        pipes: b.model?.pipeEdges.length ?? 0,
        sources: b.model?.sources.length ?? 0,
        demandLps: r3(b.model?.demandLps ?? 0),
        engine: 'EPANET 2.2 (epanet-js)',
      },
      current: null,
      proposed: null,
      warnings: [],
      segments: [],
      solveMs: 0,
    };
    const model = b.model;
    if (!model) return { ...base, reason: 'no_network' };
    const source = model.sources.find((s) => s.key === device.id);
    if (!source) return { ...base, reason: 'not_connected' };
    if (body.name !== 'set_pressure') return { ...base, reason: 'command_not_modelled' };
    const value = (body.params as { value: number }).value;
    const heads = await this.presentHeads(model);
    const proposedHeads = new Map(heads).set(device.id, this.ground(model, source.node) + value / MPA_PER_M);
    const [now, next] = await Promise.all([this.solveCached(b, model, heads), solve(model, proposedHeads)]);
    if (!next.converged || !now.converged) {
      const failed = next.converged ? now : next;
      return { ...base, reason: 'not_converged', detail: failed.reason, solveMs: r3(next.ms) };
    }
    const linkOfSource = model.pipeEdges.length + model.sources.indexOf(source);
    const summary = (s: Solution): HydraulicSummary => {
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let low = 0;
      for (const p of s.pressureM.subarray(0, model.junctionNodes.length)) {
        const mpa = p * MPA_PER_M;
        min = Math.min(min, mpa);
        max = Math.max(max, mpa);
        sum += mpa;
        if (mpa < minPressureMPa) low++;
      }
      let fast = 0;
      for (const v of s.velocity.subarray(0, model.pipeEdges.length))
        if (Math.abs(v) > MAX_VELOCITY_MS) fast++;
      const area = Math.PI * ((source.kind === 'plant' ? 1000 : 400) / 2000) ** 2;
      return {
        minPressureMPa: r3(min),
        meanPressureMPa: r3(sum / Math.max(1, model.junctionNodes.length)),
        maxPressureMPa: r3(max),
        lowNodes: low,
        fastPipes: fast,
        sourceFlowLps: Math.round(Math.abs(s.velocity[linkOfSource] ?? 0) * area * 1000 * 10) / 10,
      };
    };
    const g = model.graph;
    const warnings: Array<HydraulicWarning & { sort: number }> = [];
    model.junctionNodes.forEach((n, i) => {
      const mpa = next.pressureM[i]! * MPA_PER_M;
      if (mpa < minPressureMPa)
        warnings.push({
          code: 'low_pressure',
          id: `N${n}`,
          lon: g.coords[2 * n]!,
          lat: g.coords[2 * n + 1]!,
          value: r3(mpa),
          current: r3(now.pressureM[i]! * MPA_PER_M),
          sort: mpa - minPressureMPa,
        });
    });
    const segments: HydraulicCheckResult['segments'] = [];
    model.pipeEdges.forEach((e, i) => {
      const v = Math.abs(next.velocity[i]!);
      const p = Math.min(
        next.pressureM[model.junctionOf[g.from[e]!]! - 1]!,
        next.pressureM[model.junctionOf[g.to[e]!]! - 1]!,
      );
      const seg = g.segments[e]!;
      segments.push([seg.id, r3(p * MPA_PER_M), Math.round(v * 100) / 100]);
      if (v > MAX_VELOCITY_MS) {
        const mid = seg.line[Math.floor(seg.line.length / 2)]!;
        warnings.push({
          code: 'high_velocity',
          id: seg.id,
          lon: mid[0],
          lat: mid[1],
          value: Math.round(v * 100) / 100,
          current: Math.round(Math.abs(now.velocity[i]!) * 100) / 100,
          sort: -(v - MAX_VELOCITY_MS) / MAX_VELOCITY_MS,
        });
      }
    });
    warnings.sort((x, y) => x.sort - y.sort || x.id.localeCompare(y.id));
    return {
      ...base,
      status: 'ok',
      current: summary(now),
      proposed: summary(next),
      warnings: warnings.slice(0, 200).map(({ sort: _sort, ...w }) => w),
      segments,
      solveMs: Math.round(next.ms * 10) / 10,
    };
  }

  /**
   * Work on one water segment: the valves to close around it, the segments that lose water (the
   * zone between the valves and what is cut off behind it from every source), and the communities,
   * streets and households along them.
   */
  async shutdown(segmentId: string): Promise<ShutdownImpact> {
    const b = await this.state();
    const g = b.graph;
    const edge = g.segments.findIndex((s) => s.id === segmentId);
    if (edge < 0)
      throw new DomainError('network.segment_not_found', `No water segment ${segmentId} in service`);
    const lost = shutdownEdges(g, edge, b.valveNodes, b.sourceNodes, b.supplied);
    const communities = new Map<string, ShutdownImpact['communities'][number]>();
    const streets = new Map<string, string>();
    let households = 0;
    let metres = 0;
    const segments: ShutdownImpact['segments'] = [];
    for (const [e, role] of lost.roles) {
      const s = g.segments[e]!;
      if (s.virtual) continue;
      metres += s.lengthM;
      const hh = s.diameterMm <= 300 ? Math.round((s.lengthM / 100) * HOUSEHOLDS_PER_100M) : 0;
      households += hh;
      segments.push({
        id: s.id,
        role,
        diameterMm: s.diameterMm,
        lengthM: s.lengthM,
        line: s.line.map((c) => [c[0], c[1]]),
      });
      if (s.gridCode && this.grids.has(s.gridCode)) {
        const grid = this.grids.get(s.gridCode);
        const c = communities.get(grid.community.code) ?? {
          code: grid.community.code,
          name: grid.community.name,
          street: grid.street.name,
          district: grid.district.name,
          km: 0,
          households: 0,
        };
        c.km += s.lengthM / 1000;
        c.households += hh;
        communities.set(c.code, c);
        streets.set(grid.street.code, grid.street.name);
      }
    }
    return {
      segment: segmentId,
      valves: lost.valves.map((v) => ({
        lon: g.coords[2 * v.node]!,
        lat: g.coords[2 * v.node + 1]!,
        segmentId: g.segments[v.edge]!.id,
      })),
      segments,
      km: r3(metres / 1000),
      communities: [...communities.values()]
        .map((c) => ({ ...c, km: r3(c.km) }))
        .sort((x, y) => y.households - x.households || x.code.localeCompare(y.code)),
      streets: [...streets]
        .map(([code, name]) => ({ code, name }))
        .sort((x, y) => x.code.localeCompare(y.code)),
      households,
      assumptions: { valves: 'junctions', householdsPer100m: HOUSEHOLDS_PER_100M },
    };
  }
}

/**
 * The segments without water when `edge` is shut: its valve zone, and every segment no longer
 * reached from a source (of those reached before). One isolation walk and one breadth-first search.
 */
export function shutdownEdges(
  g: PipeGraph,
  edge: number,
  valveNodes: Uint8Array,
  sourceNodes: readonly number[],
  supplied: Uint8Array,
): { roles: Array<[number, 'zone' | 'downstream']>; valves: Array<{ node: number; edge: number }> } {
  const { zone, valves } = isolate(g, edge, valveNodes);
  const closed = new Uint8Array(g.segments.length);
  for (const e of zone) closed[e] = 1;
  const after = reach(g, sourceNodes, closed);
  const roles: Array<[number, 'zone' | 'downstream']> = zone.map((e) => [e, 'zone']);
  for (let e = 0; e < g.segments.length; e++)
    if (!closed[e] && supplied[e] && !after.edges[e]) roles.push([e, 'downstream']);
  return { roles, valves };
}
