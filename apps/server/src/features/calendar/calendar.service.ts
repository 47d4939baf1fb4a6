import type { Actor } from '../../actor.js';
import {
  DEFAULT_STEP_LIMITS,
  DEFAULT_WORK_PERIODS,
  DomainError,
  WorkCalendar,
  defaultTimeLimits,
  officialDataAvailable,
  officialDayName,
  seedOfficialDays,
  workPeriodsProblem,
  type CaseStep,
  type DayKind,
  type TimeLimit,
  type Urgency,
  type WorkPeriod,
} from '@cityloop/domain';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { audit } from '../audit/audit.service.js';
import * as repo from './calendar.repository.js';

export type StepName = CaseStep | 'close';
const PERIODS_KEY = 'calendar.periods';
// The years whose official tables are seeded at first start; later ones an admin maintains.
const SEED_YEARS = [2024, 2025, 2026, 2027, 2028];

export interface CategoryLimit {
  filingCondition: string;
  closingCondition: string;
  /** The conditions in English, where the table has them (null: the English page shows the Chinese). */
  filingConditionEn: string | null;
  closingConditionEn: string | null;
  disposal: TimeLimit;
}

/**
 * The working calendar (working days, holidays, 调休 and daily work periods) and the time limits
 * of every category and step, held in memory and rebuilt when an admin changes them.
 */
export class CalendarService {
  private cal = new WorkCalendar();
  private limits = new Map<string, CategoryLimit>();
  private steps = new Map<string, TimeLimit>();
  private periods: readonly WorkPeriod[] = DEFAULT_WORK_PERIODS;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly timeZone: string,
  ) {
    bus.subscribe((e) => {
      if (e.type === 'calendar.changed') void this.reload();
    });
  }

  get calendar(): WorkCalendar {
    return this.cal;
  }

  /** First start: the State Council's published tables, default limits for every category. */
  async seedDefaults(): Promise<void> {
    await this.db.tx(async (q) => {
      if (await repo.isEmpty(q, 'calendar_days')) {
        const days = seedOfficialDays(SEED_YEARS.filter(officialDataAvailable));
        await repo.insertOfficialDays(
          q,
          Object.entries(days).map(([day, kind]) => ({ day, kind, name: officialDayName(day) ?? null })),
        );
      }
      if (await repo.isEmpty(q, 'time_limits')) await repo.insertTimeLimits(q, defaultTimeLimits());
      // A city from before the English conditions: the rows still as seeded get them.
      else await repo.fillDefaultEnglish(q, defaultTimeLimits());
      if (await repo.isEmpty(q, 'step_limits')) {
        const steps: Array<[string, TimeLimit]> = [
          ...Object.entries(DEFAULT_STEP_LIMITS),
          ['close', { value: 0.5, unit: 'working_hours' }],
        ];
        await repo.insertStepLimits(q, steps);
      }
    });
  }

  async reload(): Promise<void> {
    const [days, limits, steps, periods] = await Promise.all([
      repo.loadDays(this.db),
      repo.loadLimits(this.db),
      repo.loadSteps(this.db),
      repo.getSetting<WorkPeriod[]>(this.db, PERIODS_KEY),
    ]);
    this.periods = periods ?? DEFAULT_WORK_PERIODS;
    this.cal = new WorkCalendar({
      timeZone: this.timeZone,
      days: Object.fromEntries(days.map((d) => [d.day, d.kind])),
      periods: this.periods,
    });
    this.limits = new Map(
      limits.map((l) => [
        `${l.kind}:${l.category}:${l.urgency}`,
        {
          filingCondition: l.filing_condition,
          closingCondition: l.closing_condition,
          filingConditionEn: l.filing_condition_en,
          closingConditionEn: l.closing_condition_en,
          disposal: { value: l.disposal_value, unit: l.disposal_unit },
        },
      ]),
    );
    this.steps = new Map(steps.map((s) => [s.step, { value: s.value, unit: s.unit }]));
  }

  categoryLimit(kind: 'component' | 'event', category: string, urgency: Urgency): CategoryLimit {
    const l =
      this.limits.get(`${kind}:${category}:${urgency}`) ?? this.limits.get(`${kind}:${category}:normal`);
    if (!l) throw new DomainError('validation.failed', `No time limit for ${kind} category ${category}`);
    return l;
  }

  hasCategory(kind: 'component' | 'event', category: string): boolean {
    return this.limits.has(`${kind}:${category}:normal`);
  }

  stepLimit(step: StepName): TimeLimit {
    return this.steps.get(step) ?? { value: 0.5, unit: 'working_hours' };
  }

  // ---- administration -------------------------------------------------------------------------

  async year(year: number) {
    const all = await repo.loadDays(this.db);
    const days = all.filter((d) => d.day.startsWith(`${year}-`));
    // Warn while this or next year has no table at all: its holidays would count as working days.
    const warnings = [year, year + 1]
      .filter((y) => !officialDataAvailable(y) && !all.some((d) => d.day.startsWith(`${y}-`)))
      .map((y) => ({
        year: y,
        message: `No holiday table for ${y} yet: enter its official holidays and adjusted working days (调休)`,
      }));
    return { year, periods: this.periods, days, officialTable: officialDataAvailable(year), warnings };
  }

  async setDay(day: string, kind: DayKind | null, name: string | null, actor: Actor) {
    await this.db.tx(async (q) => {
      if (kind === null) await repo.deleteDay(q, day);
      else await repo.upsertDay(q, { day, kind, name, source: 'admin' });
      await audit(q, actor, {
        action: kind === null ? 'delete' : 'update',
        entity: 'calendar_days',
        entityId: day,
        after: { kind, name },
      });
    });
    await this.changed();
  }

  async setPeriods(periods: WorkPeriod[], actor: Actor) {
    const problem = workPeriodsProblem(periods);
    if (problem) throw new DomainError('validation.failed', problem);
    await this.db.tx(async (q) => {
      await repo.putSetting(q, PERIODS_KEY, periods);
      await audit(q, actor, {
        action: 'update',
        entity: 'settings',
        entityId: PERIODS_KEY,
        before: this.periods,
        after: periods,
      });
    });
    await this.changed();
  }

  limitsTable = () => repo.loadLimits(this.db);
  stepsTable = () => repo.loadSteps(this.db);

  async setLimit(row: repo.LimitRow, actor: Actor) {
    await this.db.tx(async (q) => {
      if ((await repo.updateLimit(q, row)) === 0) {
        throw new DomainError('not_found', `No time limit for ${row.kind} ${row.category} ${row.urgency}`);
      }
      await audit(q, actor, {
        action: 'update',
        entity: 'time_limits',
        entityId: `${row.kind}:${row.category}:${row.urgency}`,
        after: row,
      });
    });
    await this.changed();
  }

  async setStep(row: repo.StepRow, actor: Actor) {
    await this.db.tx(async (q) => {
      await repo.upsertStep(q, row);
      await audit(q, actor, { action: 'update', entity: 'step_limits', entityId: row.step, after: row });
    });
    await this.changed();
  }

  private async changed() {
    await this.reload();
    await this.bus.publish({ type: 'calendar.changed', data: {} });
  }
}
