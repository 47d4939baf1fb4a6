import type { Actor } from '../../actor.js';
import {
  DomainError,
  SEED_PROFILES,
  metricDef,
  validateAlarmRule,
  type AlarmRuleDef,
} from '@cityloop/domain';
import type { AlarmRuleInput, AlarmRuleView } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { audit } from '../audit/audit.service.js';
import type { DeviceEntry } from '../devices/devices.service.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import * as repo from './alarms.repository.js';

export interface LoadedRule {
  row: repo.RuleRow;
  def: AlarmRuleDef;
}

function defOf(row: repo.RuleRow): AlarmRuleDef {
  const def: AlarmRuleDef = {
    id: String(row.id),
    metric: row.metric,
    kind: row.kind,
    durationS: row.duration_s,
    deadband: row.deadband,
    severity: row.severity,
  };
  if (row.threshold !== null) def.threshold = row.threshold;
  if (row.rate_per_min !== null) def.ratePerMin = row.rate_per_min;
  if (row.intervals !== null) def.intervals = row.intervals;
  if (row.stuck_s !== null) def.stuckS = row.stuck_s;
  if (row.open_case_category !== null) def.openCase = { category: row.open_case_category };
  return def;
}

function viewOfRule(row: repo.RuleRow): AlarmRuleView {
  return {
    id: row.id,
    scope: row.device_id ? 'device' : 'profile',
    profileType: row.profile_type,
    deviceId: row.device_id,
    metric: row.metric,
    kind: row.kind,
    threshold: row.threshold,
    durationS: row.duration_s,
    deadband: row.deadband,
    ratePerMin: row.rate_per_min,
    intervals: row.intervals,
    stuckS: row.stuck_s,
    severity: row.severity,
    openCaseCategory: row.open_case_category,
    enabled: row.enabled,
  };
}

/**
 * Alarm rules per profile or per device, held in memory for the evaluator: a device's effective
 * set is its profile's rules with a device rule of the same metric and kind replacing one.
 * Every node reloads when any node edits a rule (bus event alarm_rules.changed).
 */
export class AlarmRules {
  private rules: LoadedRule[] = [];
  private readonly perDevice = new Map<string, { all: LoadedRule[]; byMetric: Map<string, LoadedRule[]> }>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly devices: DevicesOffer,
  ) {
    bus.subscribe((e) => {
      if (e.type === 'alarm_rules.changed') void this.reload();
    });
  }

  /** Seeds the default rules of newly created seed profiles, then loads every rule. */
  async init(newProfileTypes: readonly string[]): Promise<void> {
    const profiles = this.devices.allProfiles();
    const seeds = SEED_PROFILES.filter(
      (p) => newProfileTypes.includes(p.type) && profiles.some((x) => x.type === p.type),
    );
    if (seeds.length) await this.db.tx((q) => repo.seedProfileRules(q, seeds));
    await this.reload();
  }

  async reload(): Promise<void> {
    this.rules = (await repo.loadRules(this.db))
      .filter((r) => r.enabled)
      .map((row) => ({ row, def: defOf(row) }));
    this.perDevice.clear();
  }

  private entry(device: DeviceEntry) {
    let entry = this.perDevice.get(device.id);
    if (!entry) {
      const own = this.rules.filter((r) => r.row.device_id === device.id);
      const inherited = this.rules.filter(
        (r) =>
          r.row.profile_type === device.type &&
          !own.some((o) => o.row.metric === r.row.metric && o.row.kind === r.row.kind),
      );
      const all = [...inherited, ...own];
      const byMetric = new Map<string, LoadedRule[]>();
      for (const r of all) byMetric.set(r.row.metric, [...(byMetric.get(r.row.metric) ?? []), r]);
      entry = { all, byMetric };
      this.perDevice.set(device.id, entry);
    }
    return entry;
  }

  /** A device's effective rules. */
  of(device: DeviceEntry): LoadedRule[] {
    return this.entry(device).all;
  }

  /** A device's effective rules on one metric. */
  onMetric(device: DeviceEntry, metric: string): LoadedRule[] | undefined {
    return this.entry(device).byMetric.get(metric);
  }

  view(device: DeviceEntry): AlarmRuleView[] {
    return this.of(device).map((r) => viewOfRule(r.row));
  }

  async listRules(filter: {
    profileType?: string | undefined;
    deviceId?: string | undefined;
  }): Promise<AlarmRuleView[]> {
    return (await repo.loadRules(this.db))
      .filter(
        (r) =>
          (filter.profileType === undefined || r.profile_type === filter.profileType) &&
          (filter.deviceId === undefined || r.device_id === filter.deviceId),
      )
      .map(viewOfRule);
  }

  private checkRule(input: AlarmRuleInput): repo.RuleValues {
    if ((input.profileType === undefined) === (input.deviceId === undefined)) {
      throw new DomainError('alarm_rule.invalid', 'Give exactly one of profileType and deviceId');
    }
    const device = input.deviceId !== undefined ? this.devices.mustGet(input.deviceId) : undefined;
    const profile = device ? device.profile : this.devices.profile(input.profileType!);
    if (!profile) throw new DomainError('alarm_rule.invalid', `Unknown profile ${input.profileType}`);
    if (!metricDef(profile, input.metric)) {
      throw new DomainError('alarm_rule.invalid', `Profile ${profile.type} has no metric ${input.metric}`);
    }
    const values: repo.RuleValues = {
      profile_type: device ? null : profile.type,
      device_id: device ? device.id : null,
      metric: input.metric,
      kind: input.kind,
      threshold: input.threshold ?? null,
      duration_s: input.durationS,
      deadband: input.deadband,
      rate_per_min: input.ratePerMin ?? null,
      intervals: input.intervals ?? null,
      stuck_s: input.stuckS ?? null,
      severity: input.severity,
      open_case_category: input.openCaseCategory ?? null,
      enabled: input.enabled ?? true,
    };
    const problems = validateAlarmRule(defOf({ id: 0, ...values }));
    if (problems.length) throw new DomainError('alarm_rule.invalid', problems.join(', '), { problems });
    return values;
  }

  async createRule(input: AlarmRuleInput, actor: Actor): Promise<AlarmRuleView> {
    const values = this.checkRule(input);
    const id = await this.db.tx(async (q) => {
      const newId = await repo.insertRule(q, values);
      await audit(q, actor, {
        action: 'alarm_rule.create',
        entity: 'alarm_rule',
        entityId: newId,
        after: values,
      });
      return newId;
    });
    await this.rulesChanged();
    return viewOfRule({ id, ...values });
  }

  async updateRule(id: number, input: AlarmRuleInput, actor: Actor): Promise<AlarmRuleView> {
    const values = this.checkRule(input);
    await this.db.tx(async (q) => {
      const before = await repo.getRule(q, id);
      if (!before || !(await repo.updateRule(q, id, values))) throw new DomainError('alarm_rule.not_found');
      await audit(q, actor, {
        action: 'alarm_rule.update',
        entity: 'alarm_rule',
        entityId: id,
        before,
        after: values,
      });
    });
    await this.rulesChanged();
    return viewOfRule({ id, ...values });
  }

  async deleteRule(id: number, actor: Actor): Promise<void> {
    await this.db.tx(async (q) => {
      const before = await repo.getRule(q, id);
      if (!before || !(await repo.deleteRule(q, id))) throw new DomainError('alarm_rule.not_found');
      await audit(q, actor, { action: 'alarm_rule.delete', entity: 'alarm_rule', entityId: id, before });
    });
    await this.rulesChanged();
  }

  private async rulesChanged(): Promise<void> {
    await this.reload();
    await this.bus.publish({ type: 'alarm_rules.changed', scope: { roles: ['admin'] }, data: {} });
  }
}
