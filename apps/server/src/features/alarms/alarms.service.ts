import { AlarmFigures } from './alarms.figures.js';
import { actingUser, eventActor, type Actor } from '../../actor.js';
import {
  ALARM_KIND_NAMES,
  DomainError,
  alarmMeasure,
  alarmTransition,
  canAlarmTransition,
  createRuleState,
  evaluateReading,
  evaluateTick,
  metricDef,
  rolesFor,
  type AlarmRuleKind,
  type AlarmState,
  type RuleState,
  type SystemNote,
  type TelemetryReading,
} from '@cityloop/domain';
import type { AlarmListQuery, AlarmView } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import type { SessionUser } from '../../http/access.js';
import { audit } from '../audit/audit.service.js';
import type { DeviceEntry } from '../devices/devices.service.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import { untilStored } from '../../db/errors.js';
import * as repo from './alarms.repository.js';
import { AlarmRules, type LoadedRule } from './alarms.rules.js';

/** What the alarm service needs from the case loop: one report, idempotent by key. */
export interface CaseReporter {
  report(
    input: {
      kind: 'event';
      category: string;
      lon: number;
      lat: number;
      description: string;
      source: 'sensor';
      urgency?: 'urgent' | 'normal';
      idempotencyKey: string;
    },
    actor: Actor,
  ): Promise<{ case: { id: number; code: string }; created: boolean }>;
}

/** Roles who see alarms; handlers only their own department's (scope by owner department). */
export const ALARM_READERS = rolesFor('alarms');

type Transition = {
  kind: 'raise' | 'clear';
  device: DeviceEntry;
  rule: LoadedRule;
  at: number;
  value: number;
  /** Who judged it: a device's message (`system:mqtt`) or the silence timer (`system:scheduler`). */
  actor: Actor;
};

function inTimeOrder(readings: readonly TelemetryReading[]): boolean {
  let prev = -Infinity;
  for (const r of readings) {
    if (r.ts < prev) return false;
    prev = r.ts;
  }
  return true;
}

/** A device's open alarms, as the overviews count them (see AlarmService.worstOpen). */
export interface OpenAlarmSummary {
  worst: AlarmView['severity'] | null;
  notCleared: number;
  clearedUnacked: number;
}

/**
 * Alarm rules, their evaluation on every reading (and a tick for silence), and the alarms they
 * raise: one open alarm per rule and device, every state change an alarm_events row in the same
 * transaction, live pushes on the bus, and a case in the loop for rules that ask for one.
 * Evaluation is in memory per (device, rule); transitions are written in order per device.
 */
export class AlarmService {
  readonly rules: AlarmRules;
  /** Evaluator state per device number, then per rule id (no key string per reading and rule). */
  private readonly states = new Map<number, Map<number, RuleState>>();
  /** Transitions are written in order per device; devices do not wait for each other. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Shutting down: a write that fails now is not tried again. */
  private closing = false;

  /** Work done, for /metrics: readings judged and the time it took, in total. */
  readonly work = { readings: 0, evalSeconds: 0 };
  /** Hears how long a transition took from its decision until it was stored and announced. */
  onStored: (kind: Transition['kind'], seconds: number) => void = () => undefined;

  /** Active alarms now and those raised in a period (the cockpit). */
  readonly figures: AlarmFigures;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly devices: DevicesOffer,
    private readonly cases: CaseReporter,
    private readonly log: (msg: string, err?: unknown) => void = () => undefined,
  ) {
    this.figures = new AlarmFigures(db);
    this.rules = new AlarmRules(db, bus, devices);
  }

  async init(newProfileTypes: readonly string[]): Promise<void> {
    await this.rules.init(newProfileTypes);
    // Open alarms survive a restart: their rules start raised, so the condition's end clears them.
    for (const a of await repo.openAlarms(this.db)) {
      const device = this.devices.byId(a.device_id);
      if (!device || a.rule_id === null || a.state === 'cleared_unacked') continue;
      this.statesOf(device).set(a.rule_id, {
        ...createRuleState(),
        phase: 'raised',
        raisedAt: a.raised_at.getTime(),
      });
    }
  }

  private statesOf(device: DeviceEntry): Map<number, RuleState> {
    let states = this.states.get(device.num);
    if (!states) {
      states = new Map();
      this.states.set(device.num, states);
    }
    return states;
  }

  private expectedInterval(device: DeviceEntry, metric: string): number {
    return metricDef(device.profile, metric)?.expectedIntervalS ?? 60;
  }

  private readonly readingCtx = { expectedIntervalS: 60, receivedAt: 0 };

  /** Evaluates a device's new readings (in time order) against its rules; the actor is MQTT ingest. */
  onReadings(
    device: DeviceEntry,
    readings: readonly TelemetryReading[],
    receivedAt: number,
    actor: Actor,
  ): void {
    if (readings.length === 0) return;
    const started = performance.now();
    this.judge(device, readings, receivedAt, actor);
    this.work.readings += readings.length;
    this.work.evalSeconds += (performance.now() - started) / 1000;
  }

  private judge(
    device: DeviceEntry,
    readings: readonly TelemetryReading[],
    receivedAt: number,
    actor: Actor,
  ): void {
    // A message's readings usually share one ts or come in order already: copy and sort only if not.
    const sorted = inTimeOrder(readings) ? readings : [...readings].sort((a, b) => a.ts - b.ts);
    const states = this.statesOf(device);
    for (const reading of sorted) {
      const rules = this.rules.onMetric(device, reading.metric);
      if (!rules) continue;
      // One context object for every reading (the evaluator only reads it).
      const ctx = this.readingCtx;
      ctx.expectedIntervalS = this.expectedInterval(device, reading.metric);
      ctx.receivedAt = receivedAt;
      for (const rule of rules) {
        // evaluateReading updates the state in place, so a new one is stored before it is used.
        let state = states.get(rule.row.id);
        if (!state) {
          state = createRuleState();
          states.set(rule.row.id, state);
        }
        const result = evaluateReading(rule.def, state, reading, ctx);
        if (result.state !== state) states.set(rule.row.id, result.state);
        if (result.transition)
          this.enqueue({ kind: result.transition, device, rule, at: reading.ts, value: result.value, actor });
      }
    }
  }

  /** Silence: every no_data rule of every device, on the server's clock; the actor is its timer. */
  tick(now: number, actor: Actor): void {
    for (const device of this.devices.all()) {
      for (const rule of this.rules.of(device)) {
        if (rule.def.kind !== 'no_data') continue;
        const states = this.statesOf(device);
        const state = states.get(rule.row.id) ?? createRuleState();
        const result = evaluateTick(rule.def, state, now, {
          expectedIntervalS: this.expectedInterval(device, rule.def.metric),
        });
        if (result.state !== state) states.set(rule.row.id, result.state);
        if (result.transition)
          this.enqueue({ kind: result.transition, device, rule, at: now, value: result.value, actor });
      }
    }
  }

  private enqueue(t: Transition): void {
    const id = t.device.id;
    const decided = performance.now();
    const next = (this.chains.get(id) ?? Promise.resolve())
      .then(() => this.apply(t))
      .then(() => this.onStored(t.kind, (performance.now() - decided) / 1000))
      .catch((err: unknown) => {
        this.log(`alarm ${t.kind} for ${id} failed; the rule will decide again`, err);
        this.undo(t);
      })
      .finally(() => {
        if (this.chains.get(id) === next) this.chains.delete(id);
      });
    this.chains.set(id, next);
  }

  /**
   * A transition that could not be stored (the statement was refused, or the node is closing
   * with the database away) is taken back in memory, so the evaluator's state never stays ahead
   * of the alarms table: the rule raises (or clears) again when its condition next holds.
   */
  private undo(t: Transition): void {
    const state = this.states.get(t.device.num)?.get(t.rule.row.id);
    if (!state) return;
    if (t.kind === 'raise' && state.phase === 'raised') {
      state.phase = 'normal';
      state.raisedAt = null;
      state.pendingSince = null;
    } else if (t.kind === 'clear' && state.phase !== 'raised') {
      state.phase = 'raised';
      state.raisedAt ??= t.at;
      state.pendingSince = null;
    }
  }

  /** Runs a write until it is stored: while the database is away it is tried again, not dropped. */
  private untilStored<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let failed = 0;
    return untilStored(fn, {
      stop: () => this.closing,
      onError: (err, attempt) => {
        failed = attempt;
        if (attempt === 1 || attempt % 20 === 0)
          this.log(`${what} failed (attempt ${attempt}); trying again`, err);
      },
    }).then((r) => {
      if (failed > 0) this.log(`${what} stored after the database reconnected (${failed} failed attempts)`);
      return r;
    });
  }

  /** Resolves when every transition evaluated so far is written (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.all(this.chains.values());
  }

  /**
   * Shutdown: waits for the decisions in hand to be stored; a database still away after `graceMs`
   * stops the retries (the transitions are taken back in memory and decided again after restart).
   */
  async close(graceMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.settled(),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.closing = true;
          resolve();
        }, graceMs);
      }),
    ]);
    clearTimeout(timer);
    this.closing = true;
    await this.settled();
  }

  /** What an alarm says, as a code with parameters (told in the reader's language by the page). */
  private conditionNote(device: DeviceEntry, rule: LoadedRule, value: number): SystemNote {
    return {
      code: 'alarm.condition',
      params: { device: device.name, metric: rule.def.metric, kind: rule.def.kind, value },
    };
  }

  /**
   * The description of an alarm's case. A case's description is its report in words, searched
   * and read by the bureau like a caller's, so it is written in the city's language.
   */
  private caseDescription(device: DeviceEntry, row: repo.AlarmRow): string {
    const m = metricDef(device.profile, row.metric);
    const kind = row.kind as AlarmRuleKind;
    const value = row.value ?? 0;
    const measure = alarmMeasure(kind);
    const shown =
      measure === 'seconds'
        ? `${Math.round(value)} 秒`
        : measure === 'rate'
          ? `${value.toFixed(3)} ${m?.unit ?? ''}/分钟`
          : `${Number(value.toFixed(4))} ${m?.unit ?? ''}`;
    const what = `${device.name} ${m?.name ?? row.metric}${ALARM_KIND_NAMES[kind]}（${shown.trim()}）`;
    return `【设备告警 #${row.id}】${what}（设备 ${device.id}，${row.raised_at.toISOString()}）`;
  }

  private async apply(t: Transition): Promise<void> {
    const outcome = await this.untilStored(`alarm ${t.kind} for ${t.device.id}`, () => this.store(t));
    if (!outcome) return;
    // Operators see the alarm first; its case link follows as an update.
    await this.announce(outcome.created ? 'alarm.raised' : 'alarm.updated', outcome.row);
    if (outcome.created && t.rule.def.openCase) {
      const linked = await this.openCase(outcome.row, t.device, t.rule.def.openCase.category, t.actor);
      if (linked !== outcome.row) await this.announce('alarm.updated', linked);
    }
  }

  /** The transition in one transaction: the alarm row and its event; null when there is nothing to do. */
  private store(t: Transition): Promise<{ row: repo.AlarmRow; created: boolean } | null> {
    const at = new Date(t.at);
    const ruleId = t.rule.row.id;
    const by = eventActor(t.actor);
    return this.db.tx(async (q) => {
      const open = await repo.openAlarmFor(q, t.device.id, ruleId);
      if (t.kind === 'raise') {
        if (open) {
          if (!canAlarmTransition(open.state, 'raise')) return null;
          const next = alarmTransition(open.state, 'raise');
          const row = await repo.updateAlarm(q, open.id, { state: next, value: t.value, cleared_at: null });
          await repo.insertEvent(q, {
            alarmId: open.id,
            event: 'raise',
            fromState: open.state,
            toState: next,
            ...by,
            at,
            value: t.value,
            note: { code: 'alarm.recurred' },
          });
          return { row, created: false };
        }
        const row = await repo.insertAlarm(q, {
          deviceId: t.device.id,
          ruleId,
          metric: t.rule.def.metric,
          kind: t.rule.def.kind,
          severity: t.rule.def.severity,
          value: t.value,
          threshold: t.rule.def.threshold ?? t.rule.def.ratePerMin ?? null,
          note: this.conditionNote(t.device, t.rule, t.value),
          departmentId: t.device.departmentId,
          raisedAt: at,
        });
        await repo.insertEvent(q, {
          alarmId: row.id,
          event: 'raise',
          fromState: null,
          toState: 'active',
          ...by,
          at,
          value: t.value,
        });
        return { row, created: true };
      }
      if (!open || !canAlarmTransition(open.state, 'clear')) return null;
      const next = alarmTransition(open.state, 'clear');
      const row = await repo.updateAlarm(q, open.id, { state: next, value: t.value, cleared_at: at });
      await repo.insertEvent(q, {
        alarmId: open.id,
        event: 'clear',
        fromState: open.state,
        toState: next,
        ...by,
        at,
        value: t.value,
      });
      return { row, created: false };
    });
  }

  /**
   * Opens the alarm's case (once: the key is the alarm id) and links both ways; while the
   * database is away this is tried again (the key makes a retry safe), a refusal is recorded.
   */
  private async openCase(
    row: repo.AlarmRow,
    device: DeviceEntry,
    category: string,
    actor: Actor,
  ): Promise<repo.AlarmRow> {
    try {
      return await this.untilStored(`alarm ${row.id}: opening its case`, () =>
        this.linkCase(row, device, category, actor),
      );
    } catch (err) {
      this.log(`alarm ${row.id}: opening its case failed`, err);
      await repo
        .insertEvent(this.db, {
          alarmId: row.id,
          event: 'case_failed',
          fromState: row.state,
          toState: row.state,
          ...eventActor(actor),
          at: new Date(),
          comment: err instanceof Error ? err.message.slice(0, 300) : 'case report failed',
        })
        .catch((e: unknown) => this.log(`alarm ${row.id}: recording the failed case failed`, e));
      return row;
    }
  }

  private async linkCase(
    row: repo.AlarmRow,
    device: DeviceEntry,
    category: string,
    actor: Actor,
  ): Promise<repo.AlarmRow> {
    const by = eventActor(actor);
    const { case: c } = await this.cases.report(
      {
        kind: 'event',
        category,
        lon: device.lon,
        lat: device.lat,
        description: this.caseDescription(device, row),
        source: 'sensor',
        urgency: row.severity === 'critical' ? 'urgent' : 'normal',
        idempotencyKey: `alarm:${row.id}`,
      },
      actor,
    );
    return this.db.tx(async (q) => {
      const updated = await repo.updateAlarm(q, row.id, { case_id: c.id, case_code: c.code });
      await repo.insertEvent(q, {
        alarmId: row.id,
        event: 'case_opened',
        fromState: row.state,
        toState: row.state,
        ...by,
        at: new Date(),
        note: { code: 'alarm.case_opened', params: { code: c.code } },
      });
      return updated;
    });
  }

  /** Live push to operators; a bus that fails (the database away, on PostgreSQL) loses only the push. */
  private async announce(type: 'alarm.raised' | 'alarm.updated', row: repo.AlarmRow): Promise<void> {
    const view = this.view(row);
    await this.bus
      .publish({
        type,
        scope: {
          roles: [...ALARM_READERS],
          // null too: a unit's staff do not see an alarm of no unit (as GET /api/alarms answers them).
          departmentId: row.department_id,
        },
        data: view as unknown as Record<string, unknown>,
      })
      .catch((err: unknown) => this.log(`alarm ${row.id}: live push failed`, err));
  }

  view(row: repo.AlarmRow): AlarmView {
    const d = this.devices.byId(row.device_id);
    const iso = (x: Date | null) => (x ? x.toISOString() : null);
    return {
      id: row.id,
      deviceId: row.device_id,
      deviceName: d?.name ?? row.device_id,
      deviceType: d?.type ?? '',
      ruleId: row.rule_id,
      metric: row.metric,
      kind: row.kind,
      severity: row.severity,
      state: row.state,
      value: row.value,
      threshold: row.threshold,
      message: row.message,
      note: row.note,
      departmentId: row.department_id,
      raisedAt: row.raised_at.toISOString(),
      ackedAt: iso(row.acked_at),
      ackedBy: row.acked_by_name,
      ackedByEn: row.acked_by_name_en,
      clearedAt: iso(row.cleared_at),
      caseId: row.case_id,
      caseCode: row.case_code,
      lon: d?.lon ?? 0,
      lat: d?.lat ?? 0,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Operators

  async list(query: AlarmListQuery, actor: Actor) {
    const user = actingUser(actor);
    const state = query.state ?? 'open';
    const states: AlarmState[] | null =
      state === 'all' ? null : state === 'open' ? ['active', 'acknowledged', 'cleared_unacked'] : [state];
    let deviceIds: string[] | undefined;
    if (query.deviceId) deviceIds = [query.deviceId];
    else if (query.type)
      deviceIds = [...this.devices.all()].filter((d) => d.type === query.type).map((d) => d.id);
    const departmentId =
      user.jurisdiction.level === 'department' ? (user.departmentId ?? -1) : query.departmentId;
    const limit = query.limit ?? 200;
    const rows = await repo.listAlarms(this.db, {
      states,
      severity: query.severity,
      deviceIds,
      departmentId,
      before: query.before,
      limit,
    });
    return {
      items: rows.map((r) => this.view(r)),
      nextBefore: rows.length === limit ? (rows.at(-1)?.id ?? null) : null,
    };
  }

  async get(id: number, actor: Actor) {
    const user = actingUser(actor);
    const row = await repo.getAlarm(this.db, id);
    if (!row || !this.mayRead(row, user)) throw new DomainError('alarm.not_found');
    const events = await repo.eventsOf(this.db, id);
    return {
      ...this.view(row),
      events: events.map((e) => ({
        id: e.id,
        event: e.event,
        fromState: e.from_state,
        toState: e.to_state,
        actorName: e.actor_name,
        at: e.at.toISOString(),
        comment: e.comment,
        value: e.value,
        note: e.note,
      })),
    };
  }

  private mayRead(row: repo.AlarmRow, user: SessionUser): boolean {
    return user.jurisdiction.level !== 'department' || row.department_id === user.departmentId;
  }

  /** Acknowledges alarms (one or many); those that cannot be are listed with the reason. */
  async acknowledge(ids: readonly number[], comment: string | undefined, actor: Actor) {
    const user = actingUser(actor);
    const acknowledged: number[] = [];
    const skipped: Array<{ id: number; reason: string }> = [];
    const changed: repo.AlarmRow[] = [];
    const now = new Date();
    await this.db.tx(async (q) => {
      for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
        const row = await repo.getAlarm(q, id, true);
        if (!row || !this.mayRead(row, user)) {
          skipped.push({ id, reason: 'alarm.not_found' });
          continue;
        }
        if (!canAlarmTransition(row.state, 'ack')) {
          skipped.push({ id, reason: 'alarm.invalid_transition' });
          continue;
        }
        const next = alarmTransition(row.state, 'ack');
        changed.push(
          await repo.updateAlarm(q, id, {
            state: next,
            acked_at: now,
            acked_by: user.id,
            acked_by_name: user.displayName,
            acked_by_name_en: user.displayNameEn,
          }),
        );
        await repo.insertEvent(q, {
          alarmId: id,
          event: 'ack',
          fromState: row.state,
          toState: next,
          ...eventActor(actor),
          at: now,
          comment: comment ?? null,
        });
        acknowledged.push(id);
      }
      if (acknowledged.length)
        await audit(q, actor, {
          action: 'alarm.ack',
          entity: 'alarm',
          entityId: acknowledged.join(','),
          after: { comment },
        });
    });
    for (const row of changed) await this.announce('alarm.updated', row);
    return { acknowledged, skipped };
  }

  async acknowledgeOne(id: number, comment: string | undefined, actor: Actor) {
    const r = await this.acknowledge([id], comment, actor);
    const skip = r.skipped[0];
    if (skip)
      throw new DomainError(
        skip.reason === 'alarm.not_found' ? 'alarm.not_found' : 'alarm.invalid_transition',
      );
    return this.get(id, actor);
  }

  async openCount(deviceId: string): Promise<number> {
    return repo.countOpenByDevice(this.db, deviceId);
  }

  /**
   * Per device, for the overview maps and tiles: the worst severity of the alarms whose condition
   * still holds (active or acknowledged) and how many there are, and apart from them the alarms
   * that cleared but nobody acknowledged yet (the condition is gone: no longer "未消除").
   */
  async worstOpen(): Promise<Map<string, OpenAlarmSummary>> {
    const order = ['warning', 'minor', 'major', 'critical'];
    const out = new Map<string, OpenAlarmSummary>();
    for (const a of await repo.openAlarms(this.db)) {
      let s = out.get(a.device_id);
      if (!s) out.set(a.device_id, (s = { worst: null, notCleared: 0, clearedUnacked: 0 }));
      if (a.state === 'cleared_unacked') {
        s.clearedUnacked++;
        continue;
      }
      s.notCleared++;
      if (!s.worst || order.indexOf(a.severity) > order.indexOf(s.worst)) s.worst = a.severity;
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Rules
}
