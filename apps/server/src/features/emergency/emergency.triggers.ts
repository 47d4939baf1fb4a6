import type { EmergencyEvidence, EmergencySite, WeatherWarning } from '@cityloop/domain/api';
import { RAIN_WINDOWS_H } from '@cityloop/domain/emergency/plans';
import {
  evaluatePlan,
  proposalFor,
  type EvaluationInput,
  type GaugeFacts,
} from '@cityloop/domain/emergency/triggers';
import {
  HAZARDS,
  type Colour,
  type Hazard,
  type Level,
  type WarningTypeCode,
} from '@cityloop/domain/emergency/warnings';
import type { TelemetryReading } from '@cityloop/domain';
import { SCHEDULER_ACTOR, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { DeviceEntry } from '../devices/devices.service.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import type { TelemetryOffer } from '../telemetry/telemetry.module.js';
import * as repo from './emergency.repository.js';
import type { EmergencyService } from './emergency.service.js';
import type { DepthNow, EmergencyPondingLog } from './emergency.ponding.js';

const HOUR = 3_600_000;
/** A gauge is silent after this many of its expected reporting intervals without a reading. */
const SILENT_INTERVALS = 5;
const WINDOWS_MS = RAIN_WINDOWS_H.map((h) => h * HOUR);

/** The gauges whose readings the triggers read, and the metric of each. */
const WATCHED: Readonly<Record<string, 'rainfall' | 'snowfall' | 'depth'>> = {
  rain_gauge: 'rainfall',
  snow_gauge: 'snowfall',
  waterlogging_gauge: 'depth',
};
/** The facts kept between evaluations are read again in full when older than this. */
const FACTS_TTL_MS = 10_000;

type Levels = Map<Hazard, Level>;

interface FactsCache {
  at: number;
  rain: Map<string, GaugeFacts>;
  snow: Map<string, GaugeFacts>;
  depth: Map<string, GaugeFacts>;
  warnings: EvaluationInput['warnings'];
}

const intervalOf = (d: DeviceEntry, metric: string) =>
  (d.profile.metrics.find((m) => m.key === metric)?.expectedIntervalS ?? 60) * 1000;

interface Facts {
  input: Omit<EvaluationInput, 'warnings'>;
  sites: EmergencySite[];
  /** The reporting points' depth and when it was measured (for the ponding log). */
  depths: DepthNow[];
}

/**
 * The live side of emergency command: what the rain, snow and waterlogging gauges and the pump
 * stations say now, read through the telemetry service, and the trigger evaluation that turns it
 * and the warnings in force into proposals (a scheduler job, once in the cluster).
 */
export class EmergencySensors {
  private sitesByDevice = new Map<string, repo.SiteRow>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly devices: DevicesOffer,
    private readonly telemetry: TelemetryOffer,
    private readonly service: EmergencyService,
    private readonly ponding: EmergencyPondingLog,
  ) {}

  /** Registers the waterlogging gauges as points (every fourth of the demo fleet an underpass). */
  async init(demo: boolean): Promise<void> {
    let sites = await repo.listSites(this.db);
    if (sites.length === 0) {
      const gauges = [...this.devices.all()].filter((d) => d.type === 'waterlogging_gauge');
      gauges.sort((a, b) => a.id.localeCompare(b.id));
      await repo.insertSites(
        this.db,
        gauges.map((d, i) => ({ deviceId: d.id, kind: demo && i % 4 === 0 ? 'underpass' : 'point' })),
      );
      sites = await repo.listSites(this.db);
    }
    this.sitesByDevice = new Map(sites.map((s) => [s.device_id, s]));
  }

  private ofType(type: string): DeviceEntry[] {
    return [...this.devices.all()].filter((d) => d.type === type);
  }

  async facts(now: number): Promise<Facts> {
    const rainGauges = this.ofType('rain_gauge');
    const snowGauges = this.ofType('snow_gauge');
    const depthGauges = this.ofType('waterlogging_gauge');
    const pumps = this.ofType('drainage_station');
    const [rain, snow, depth, sump] = await Promise.all([
      this.telemetry.windowStats(rainGauges, 'rainfall', WINDOWS_MS, now),
      this.telemetry.windowStats(snowGauges, 'snowfall', WINDOWS_MS, now),
      this.telemetry.windowStats(depthGauges, 'depth', [HOUR], now),
      this.telemetry.windowStats(pumps, 'sump_level', [HOUR], now),
    ]);
    const isSilent = (d: DeviceEntry, metric: string, lastTs: number | undefined) =>
      lastTs === undefined || now - lastTs > SILENT_INTERVALS * intervalOf(d, metric);
    const precip = (list: DeviceEntry[], stats: typeof rain, metric: string): GaugeFacts[] =>
      list.map((d) => {
        const s = stats.get(d.id);
        return {
          deviceId: d.id,
          silent: isSilent(d, metric, s?.lastTs),
          totals: Object.fromEntries(RAIN_WINDOWS_H.map((h, i) => [h, s?.sums[i] ?? 0])),
        };
      });
    const rainFacts = precip(rainGauges, rain, 'rainfall');
    const snowFacts = precip(snowGauges, snow, 'snowfall');
    const depthFacts: GaugeFacts[] = depthGauges.map((d) => {
      const s = depth.get(d.id);
      return { deviceId: d.id, silent: isSilent(d, 'depth', s?.lastTs), depthCm: s?.lastValue ?? 0 };
    });
    const sites: EmergencySite[] = [];
    const depths: DepthNow[] = [];
    const base = (d: DeviceEntry, silent: boolean) => ({
      deviceId: d.id,
      name: d.name,
      lon: d.lon,
      lat: d.lat,
      silent,
      depthCm: null,
      colour: null,
      yellowCm: null,
      redCm: null,
      totals: null,
      pumpsOn: null,
      sumpLevel: null,
    });
    depthGauges.forEach((d, i) => {
      const f = depthFacts[i]!;
      const site = this.sitesByDevice.get(d.id);
      const yellow = site?.yellow_cm ?? 15;
      const red = site?.red_cm ?? 25;
      const cm = f.depthCm ?? 0;
      const ts = depth.get(d.id)?.lastTs;
      if (!f.silent && ts !== undefined) depths.push({ deviceId: d.id, cm, ts, yellowCm: yellow });
      sites.push({
        ...base(d, f.silent),
        kind: site?.kind ?? 'point',
        depthCm: f.silent ? null : cm,
        colour: f.silent ? null : cm >= red ? 'red' : cm >= yellow ? 'yellow' : 'green',
        yellowCm: yellow,
        redCm: red,
      });
    });
    const gaugeSite = (list: DeviceEntry[], facts: GaugeFacts[], kind: 'rain_gauge' | 'snow_gauge') =>
      list.forEach((d, i) => {
        const f = facts[i]!;
        sites.push({
          ...base(d, f.silent),
          kind,
          totals: Object.fromEntries(
            Object.entries(f.totals ?? {}).map(([k, v]) => [k, Math.round(v * 10) / 10]),
          ),
        });
      });
    gaugeSite(rainGauges, rainFacts, 'rain_gauge');
    gaugeSite(snowGauges, snowFacts, 'snow_gauge');
    for (const d of pumps) {
      const s = sump.get(d.id);
      const silent = isSilent(d, 'sump_level', s?.lastTs);
      const latest = this.telemetry.latestInMemory(d);
      const on = ['pump1_state', 'pump2_state', 'pump3_state'].filter(
        (k) => (latest?.get(k)?.value ?? 0) >= 1,
      ).length;
      sites.push({
        ...base(d, silent),
        kind: 'pump_station',
        sumpLevel: s ? Math.round(s.lastValue * 100) / 100 : null,
        pumpsOn: latest ? on : null,
      });
    }
    return { input: { rain: rainFacts, snow: snowFacts, depth: depthFacts }, sites, depths };
  }

  async sites(): Promise<EmergencySite[]> {
    return (await this.facts(this.clock.now().getTime())).sites;
  }

  // ---- evaluation ----------------------------------------------------------------------------
  //
  // Triggers are evaluated as readings arrive: a gauge's committed reading has that gauge's facts
  // read again and the plans evaluated over the facts kept in memory; a plan whose outcome did not
  // change is left alone. A full read (the scheduler's job, a warning or a response that changed,
  // facts older than FACTS_TTL_MS) refreshes everything, for silence and windows that slide. The
  // full read runs beside the arrivals; only the decisions (proposals, ponding, closures) run one
  // at a time, in order, so an older read never overrides a newer one.

  private cache: FactsCache | null = null;
  /** Gauges with readings committed and not yet evaluated. */
  private dirty = new Set<string>();
  private arrivalQueued = false;
  /** The decisions, one after another. */
  private chain: Promise<void> = Promise.resolve();
  /** Counts the arrival reads; a gauge's entry is the count when it was last read on arrival. */
  private seq = 0;
  private readonly touched = new Map<string, number>();
  /** When each depth kept was measured. */
  private readonly depthTs = new Map<string, number>();
  /** Depth readings arrived and not yet evaluated, the newest per gauge. */
  private readonly depthNow = new Map<string, { ts: number; value: number }>();
  private fullInFlight: Promise<void> | null = null;
  private closed = false;
  /** The last evaluation of each hazard (level, evidence, silent gauges), to skip what did not change. */
  private readonly lastSeen = new Map<Hazard, string>();
  /** The last decision of each hazard: the level in force and the evaluation it was made on. */
  private readonly lastDecided = new Map<Hazard, string>();

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn);
    this.chain = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  }

  /**
   * A device's readings as they arrive (telemetry's listener): a watched gauge's, once committed,
   * get the triggers evaluated again for that gauge.
   */
  onReadings(device: DeviceEntry, readings: readonly TelemetryReading[], committed: Promise<void>): void {
    const metric = WATCHED[device.type];
    if (!metric || this.closed || !readings.some((r) => r.metric === metric)) return;
    // Evaluated once the readings are stored, never ahead of them (a proposal must not rest on a
    // reading that a failed commit drops); a depth is then the reading itself, not read back.
    committed.then(
      () => {
        if (metric === 'depth') {
          const prev = this.depthNow.get(device.id);
          for (const r of readings)
            if (r.metric === 'depth' && (!prev || r.ts >= prev.ts))
              this.depthNow.set(device.id, { ts: r.ts, value: r.value });
        }
        this.arrived([device.id]);
      },
      () => undefined, // not stored: nothing to evaluate
    );
  }

  private arrived(ids: Iterable<string>): void {
    for (const id of ids) this.dirty.add(id);
    if (this.arrivalQueued || this.closed) return;
    this.arrivalQueued = true;
    // The readings of one turn of the event loop together; their read starts at once, beside
    // others, and the decisions follow in order.
    setImmediate(() => {
      this.arrivalQueued = false;
      const batch = this.dirty;
      this.dirty = new Set();
      if (this.closed || batch.size === 0) return;
      const read = this.readArrivals(batch);
      read.catch(() => undefined);
      this.serially(async () => this.decideArrivals(await read)).catch(() => undefined); // the database away: the scheduler's evaluation catches up
    });
  }

  /** A warning or a response changed: everything is evaluated again, soon. */
  evaluateSoon(): void {
    if (!this.closed) this.refreshInBackground();
  }

  private refreshInBackground(): void {
    if (this.fullInFlight) return;
    this.fullInFlight = this.evaluate(SCHEDULER_ACTOR, false)
      .catch(() => undefined)
      .finally(() => (this.fullInFlight = null));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.fullInFlight;
    await this.chain;
  }

  /**
   * One full evaluation: every plan against the warnings in force and every gauge; a proposal
   * where the level called for differs from the level in force; a closure task for each underpass
   * in red while a rainstorm response is active. `force` (the scheduler's job) decides again even
   * where nothing changed since the last decision.
   */
  async evaluate(actor: Actor, force = true): Promise<void> {
    const start = this.seq;
    const now = this.clock.now();
    const [facts, warnings] = await Promise.all([this.facts(now.getTime()), this.service.warningsInForce()]);
    await this.serially(() => this.decideAll(facts, warnings, start, now, actor, force));
  }

  private async decideAll(
    facts: Facts,
    warningRows: WeatherWarning[],
    start: number,
    now: Date,
    actor: Actor,
    force: boolean,
  ): Promise<void> {
    // Gauges read on arrival since the full read began keep their newer facts.
    const readTs = new Map(facts.depths.map((d) => [d.deviceId, d.ts]));
    // ... and so do depths taken from a reading not yet stored when the full read ran.
    const newer = (id: string) =>
      (this.touched.get(id) ?? -1) > start ||
      (this.depthTs.get(id) ?? -Infinity) > (readTs.get(id) ?? now.getTime() - FACTS_TTL_MS);
    const merge = (kept: Map<string, GaugeFacts> | undefined, read: GaugeFacts[]) => {
      const out = new Map(read.map((f) => [f.deviceId, f]));
      if (kept) for (const [id, f] of kept) if (newer(id)) out.set(id, f);
      return out;
    };
    const warnings = warningRows.map((w) => ({
      id: w.id,
      type: w.type as WarningTypeCode,
      colour: w.colour as Colour,
    }));
    const c: FactsCache = {
      at: now.getTime(),
      rain: merge(this.cache?.rain, facts.input.rain),
      snow: merge(this.cache?.snow, facts.input.snow),
      depth: merge(this.cache?.depth, facts.input.depth),
      warnings,
    };
    this.cache = c;
    const state = await this.levels();
    const input = this.inputOf(c);
    for (const hazard of HAZARDS) {
      const ev = evaluatePlan(this.service.plan(hazard).body, input);
      this.lastSeen.set(hazard, JSON.stringify([ev.level, ev.evidence, ev.silent]));
      await this.decide(hazard, ev, now, state, actor, force);
    }
    await this.ponding.track(facts.depths.filter((d) => !newer(d.deviceId)));
    if (state.has('rainstorm')) {
      for (const s of facts.sites) {
        if (s.kind === 'underpass' && s.colour === 'red' && !newer(s.deviceId))
          await this.service.openClosureTask(
            'rainstorm',
            { id: s.deviceId, name: s.name },
            s.depthCm ?? 0,
            actor,
          );
      }
    }
  }

  /** The level in force per hazard (one read, not the whole state). */
  private async levels(): Promise<Levels> {
    const out: Levels = new Map();
    for (const r of await repo.activeResponses(this.db)) out.set(r.hazard as Hazard, r.level as Level);
    return out;
  }

  private inputOf(c: FactsCache): EvaluationInput {
    return {
      warnings: c.warnings,
      rain: [...c.rain.values()],
      snow: [...c.snow.values()],
      depth: [...c.depth.values()],
    };
  }

  private async decide(
    hazard: Hazard,
    ev: ReturnType<typeof evaluatePlan>,
    now: Date,
    state: Levels,
    actor: Actor,
    force: boolean,
  ): Promise<void> {
    const evidence: EmergencyEvidence = {
      level: ev.level,
      items: ev.evidence,
      silent: ev.silent,
      at: now.toISOString(),
    };
    this.service.evaluations.set(hazard, evidence);
    const current: Level | null = state.get(hazard) ?? null;
    // What was decided last with the same level in force and the same evaluation stands (the
    // scheduler's job decides again regardless, in case another node decided otherwise).
    const key = JSON.stringify([current, ev.level, ev.evidence, ev.silent]);
    if (!force && this.lastDecided.get(hazard) === key) return;
    this.lastDecided.delete(hazard);
    await this.service.propose(hazard, proposalFor(current, ev.level), evidence, actor);
    this.lastDecided.set(hazard, key);
  }

  /** The given gauges' facts read again (on arrival); null while nothing is kept yet. */
  private async readArrivals(ids: ReadonlySet<string>) {
    if (!this.cache) {
      // Nothing kept yet: a full read first, then these gauges again (its read may have begun
      // before their readings were committed).
      this.refreshInBackground();
      void this.fullInFlight?.then(() => this.arrived(ids));
      return null;
    }
    const now = this.clock.now();
    const nowMs = now.getTime();
    const mark = ++this.seq;
    const of = (type: string) =>
      [...ids].map((id) => this.devices.byId(id)).filter((d): d is DeviceEntry => d?.type === type);
    const rain = of('rain_gauge');
    const snow = of('snow_gauge');
    const depth = of('waterlogging_gauge');
    const arrivedDepth = new Map<string, { ts: number; value: number }>();
    for (const d of depth) {
      const r = this.depthNow.get(d.id);
      if (!r) continue;
      this.depthNow.delete(d.id);
      arrivedDepth.set(d.id, r);
    }
    const [rs, ss, ds] = await Promise.all([
      this.telemetry.windowStats(rain, 'rainfall', WINDOWS_MS, nowMs),
      this.telemetry.windowStats(snow, 'snowfall', WINDOWS_MS, nowMs),
      this.telemetry.windowStats(
        depth.filter((d) => !arrivedDepth.has(d.id)),
        'depth',
        [HOUR],
        nowMs,
      ),
    ]);
    for (const [id, r] of arrivedDepth) ds.set(id, { sums: [], lastTs: r.ts, lastValue: r.value });
    return { now, mark, rain, snow, depth, rs, ss, ds };
  }

  /** The evaluation on arrival: the gauges read again, then the plans whose outcome changed. */
  private async decideArrivals(read: Awaited<ReturnType<EmergencySensors['readArrivals']>>): Promise<void> {
    const c = this.cache;
    if (!read || !c || this.closed) return;
    const actor = SCHEDULER_ACTOR;
    const { now, mark, rain, snow, depth, rs, ss, ds } = read;
    const nowMs = now.getTime();
    if (nowMs - c.at > FACTS_TTL_MS || nowMs < c.at) this.refreshInBackground();
    // A gauge read again since (a later arrival, applied already) keeps that newer read.
    const later = (id: string) => (this.touched.get(id) ?? -1) > mark;
    const silentAt = (d: DeviceEntry, metric: string, lastTs: number) =>
      nowMs - lastTs > SILENT_INTERVALS * intervalOf(d, metric);
    const precip = (list: DeviceEntry[], stats: typeof rs, into: Map<string, GaugeFacts>) => {
      for (const d of list) {
        const st = stats.get(d.id);
        if (!st || later(d.id)) continue;
        this.touched.set(d.id, mark);
        into.set(d.id, {
          deviceId: d.id,
          silent: silentAt(d, WATCHED[d.type]!, st.lastTs),
          totals: Object.fromEntries(RAIN_WINDOWS_H.map((h, i) => [h, st.sums[i] ?? 0])),
        });
      }
    };
    precip(rain, rs, c.rain);
    precip(snow, ss, c.snow);
    const depths: DepthNow[] = [];
    for (const d of depth) {
      const st = ds.get(d.id);
      if (!st || later(d.id)) continue;
      this.touched.set(d.id, mark);
      const silent = silentAt(d, 'depth', st.lastTs);
      c.depth.set(d.id, { deviceId: d.id, silent, depthCm: st.lastValue });
      this.depthTs.set(d.id, st.lastTs);
      if (!silent)
        depths.push({
          deviceId: d.id,
          cm: st.lastValue,
          ts: st.lastTs,
          yellowCm: this.sitesByDevice.get(d.id)?.yellow_cm ?? 15,
        });
    }
    const input = this.inputOf(c);
    let state: Levels | null = null;
    for (const hazard of HAZARDS) {
      const ev = evaluatePlan(this.service.plan(hazard).body, input);
      const key = JSON.stringify([ev.level, ev.evidence, ev.silent]);
      if (this.lastSeen.get(hazard) === key) continue;
      this.lastSeen.set(hazard, key);
      state ??= await this.levels();
      await this.decide(hazard, ev, now, state, actor, false);
    }
    if (depths.length === 0) return;
    await this.ponding.track(depths);
    const red = depths.filter((d) => {
      const site = this.sitesByDevice.get(d.deviceId);
      return site?.kind === 'underpass' && d.cm >= (site.red_cm ?? 25);
    });
    if (red.length === 0) return;
    state ??= await this.levels();
    if (!state.has('rainstorm')) return;
    for (const d of red)
      await this.service.openClosureTask(
        'rainstorm',
        { id: d.deviceId, name: this.devices.byId(d.deviceId)?.name ?? d.deviceId },
        d.cm,
        actor,
      );
  }
}
