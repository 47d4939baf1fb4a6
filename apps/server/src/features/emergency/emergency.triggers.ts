import type { EmergencyEvidence, EmergencySite } from '@cityloop/domain/api';
import { RAIN_WINDOWS_H } from '@cityloop/domain/emergency/plans';
import {
  evaluatePlan,
  proposalFor,
  type EvaluationInput,
  type GaugeFacts,
} from '@cityloop/domain/emergency/triggers';
import { HAZARDS, type Colour, type Level, type WarningTypeCode } from '@cityloop/domain/emergency/warnings';
import type { Actor } from '../../actor.js';
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

  /**
   * One evaluation: every plan against the warnings in force and the gauges; a proposal where the
   * level called for differs from the level in force; a closure task for each underpass in red
   * while a rainstorm response is active.
   */
  async evaluate(actor: Actor): Promise<void> {
    const now = this.clock.now();
    const [facts, warnings, state] = await Promise.all([
      this.facts(now.getTime()),
      this.service.warningsInForce(),
      this.service.state(),
    ]);
    const input: EvaluationInput = {
      ...facts.input,
      warnings: warnings.map((w) => ({
        id: w.id,
        type: w.type as WarningTypeCode,
        colour: w.colour as Colour,
      })),
    };
    for (const hazard of HAZARDS) {
      const plan = this.service.plan(hazard);
      const ev = evaluatePlan(plan.body, input);
      const evidence: EmergencyEvidence = {
        level: ev.level,
        items: ev.evidence,
        silent: ev.silent,
        at: now.toISOString(),
      };
      this.service.evaluations.set(hazard, evidence);
      const current: Level | null = state[hazard].response?.level ?? null;
      await this.service.propose(hazard, proposalFor(current, ev.level), evidence, actor);
    }
    await this.ponding.track(facts.depths);
    if (state.rainstorm.response) {
      for (const s of facts.sites) {
        if (s.kind === 'underpass' && s.colour === 'red')
          await this.service.openClosureTask(
            'rainstorm',
            { id: s.deviceId, name: s.name },
            s.depthCm ?? 0,
            actor,
          );
      }
    }
  }
}
