import {
  clockOf,
  isOpenState,
  trafficLight,
  type Clock,
  type CasePause,
  type Decision,
  type TimeLimit,
  type TrafficLight,
  type Urgency,
} from '@cityloop/domain';
import type { CalendarService, StepName } from '../calendar/calendar.service.js';
import type { CaseRow, CaseUpdate } from './cases.repository.js';

/** The timed step a case waits on in each state; the disposal step runs on the category's limit. */
export type ClockStep = StepName | 'dispose';

export function stepOf(state: string, dispatchLevel: string | null): ClockStep | null {
  switch (state) {
    case 'reported':
      return 'accept';
    case 'verifying':
      return 'verify';
    case 'accepted':
      return 'file';
    case 'filed':
      return 'dispatch';
    case 'dispatched':
      // Sent to a district centre: the district still has to dispatch it to a team.
      return dispatchLevel === 'district' ? 'dispatch' : 'dispose';
    case 'handling':
      return 'dispose';
    case 'handled':
    case 'checking':
      return 'check';
    case 'checked_ok':
      return 'close';
    default:
      // suspended (clock stopped) and the final states
      return null;
  }
}

/** Where the current step stands: share used, light, and time left on its clock. */
export interface StepLight {
  used: number;
  light: TrafficLight;
  leftMs: number;
  clock: Clock;
}

export interface EventTiming {
  step: ClockStep | null;
  dueAt: Date | null;
  onTime: boolean | null;
  usedMs: number | null;
  limitMs: number | null;
}

/** The pauses that fall inside the current disposal clock (it restarts at every dispatch). */
function pausesSince(pauses: readonly CasePause[], since: Date | null): CasePause[] {
  if (!since) return [];
  return pauses.filter((p) => p.to === null || Date.parse(p.to) > since.getTime());
}

export class CaseClock {
  constructor(private readonly cal: CalendarService) {}

  private limitFor(step: ClockStep, row: Pick<CaseRow, 'kind' | 'category'>, urgency: string): TimeLimit {
    return step === 'dispose'
      ? this.cal.categoryLimit(row.kind, row.category, urgency as Urgency).disposal
      : this.cal.stepLimit(step);
  }

  /** Step and due time for a case just reported. */
  start(state: string, row: Pick<CaseRow, 'kind' | 'category'>, urgency: string, now: Date): CaseUpdate {
    const step = stepOf(state, null);
    if (!step) return { step: null, step_started_at: null, step_due_at: null };
    return {
      step,
      step_started_at: now,
      step_due_at: this.cal.calendar.addDuration(now, this.limitFor(step, row, urgency)),
    };
  }

  /**
   * What a decision does to the clock: whether the step it completes was on time (recorded on the
   * event row), and the next step's start and due time (written to the case).
   */
  transition(row: CaseRow, d: Decision, now: Date): { timing: EventTiming; update: CaseUpdate } {
    const cal = this.cal.calendar;
    const fromStep = stepOf(d.fromState, row.snapshot.dispatchLevel);
    const toStep = stepOf(d.toState, d.snapshot.dispatchLevel);
    const urgency = d.snapshot.urgency;
    const update: CaseUpdate = {};
    let timing: EventTiming = { step: null, dueAt: null, onTime: null, usedMs: null, limitMs: null };

    const resumed = d.fromState === 'suspended' && d.toState !== 'suspended';
    // A step is done when the case leaves it by doing the work: a send-back, a cancellation or a
    // suspension interrupts the step rather than completing it, so it is not timed.
    const interrupted =
      d.toState === 'suspended' ||
      d.toState === 'cancelled' ||
      (fromStep === 'dispose' && d.event.action !== 'report_done');
    const stepDone =
      fromStep !== null && !interrupted && (toStep !== fromStep || d.event.action === 'dispatch');
    if (stepDone && row.step_started_at && row.step_due_at) {
      const pauses = fromStep === 'dispose' ? pausesSince(d.snapshot.pauses, row.dispatched_at) : [];
      const clock = clockOf(this.limitFor(fromStep, row, row.urgency).unit);
      timing = {
        step: fromStep,
        dueAt: row.step_due_at,
        onTime: now.getTime() <= row.step_due_at.getTime(),
        usedMs: cal.elapsed(row.step_started_at, now, pauses, clock),
        limitMs: cal.elapsed(row.step_started_at, row.step_due_at, pauses, clock),
      };
    }

    if (toStep === null) {
      update.step = null;
      update.step_due_at = null;
      if (d.toState === 'suspended') update.step = 'dispose';
    } else if (toStep === 'dispose') {
      // A dispatch, a failed check and a dissatisfied return visit each start the unit's work anew.
      const startsClock =
        d.event.action === 'dispatch' || d.event.action === 'check' || d.event.action === 'return_visit';
      const dispatchedAt = startsClock ? now : (row.dispatched_at ?? now);
      const limit = this.limitFor('dispose', row, urgency);
      const due = cal.deadlineWithPauses(
        dispatchedAt,
        limit,
        pausesSince(d.snapshot.pauses, dispatchedAt),
        d.snapshot.extensionHours,
        now,
      );
      update.step = 'dispose';
      update.dispatched_at = dispatchedAt;
      update.step_started_at = dispatchedAt;
      update.step_due_at = due;
      update.disposal_due_at = due;
    } else if (toStep !== fromStep || stepDone || resumed) {
      update.step = toStep;
      update.step_started_at = now;
      update.step_due_at = cal.addDuration(now, this.limitFor(toStep, row, urgency));
    }
    if (!isOpenState(d.toState)) {
      update.closed_at = now;
    } else if (row.closed_at) {
      update.closed_at = null;
    }
    return { timing, update };
  }

  /**
   * Share of the current step's time used and its traffic light, for lists and the case page, and
   * the time left on the step's own clock (working time for working limits; negative when overdue),
   * so "超时" reads in the units the limit is set in.
   */
  light(
    row: Pick<
      CaseRow,
      | 'step'
      | 'step_started_at'
      | 'step_due_at'
      | 'snapshot'
      | 'dispatched_at'
      | 'kind'
      | 'category'
      | 'urgency'
    >,
    now: Date,
  ): StepLight | null {
    if (!row.step || !row.step_started_at) return null;
    const pauses = row.step === 'dispose' ? pausesSince(row.snapshot.pauses, row.dispatched_at) : [];
    const step = row.step as ClockStep;
    const limit = this.limitFor(step, row, row.urgency);
    const due =
      row.step_due_at ??
      this.cal.calendar.deadlineWithPauses(
        row.step_started_at,
        limit,
        pauses,
        row.snapshot.extensionHours,
        now,
      );
    if (!due) return null;
    const clock = clockOf(limit.unit);
    const used = this.cal.calendar.progress(row.step_started_at, due, now, pauses, clock);
    const leftMs = this.cal.calendar.elapsed(now, due, pauses, clock);
    return { used, light: trafficLight(used), leftMs, clock };
  }
}
