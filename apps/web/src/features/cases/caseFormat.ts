import { DROPPED_STATES } from '@cityloop/domain/cases/states';
import { categoryByCode, type CategoryKind } from '@cityloop/domain/taxonomy';
import { i18n } from '@/i18n';
import { noteText } from '@/i18n/notes';
import { cityParts } from '@/time';
import type { CaseDetail, CaseSummary, TimeLimit } from './cases.api';

const t = (key: string, args?: Record<string, unknown>) => i18n.global.t(key, args ?? {});

/** The city's wall-clock time, as desk users read it: 11-24 14:05 (with the year when not this year). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = cityParts(iso);
  const date = `${p.month}-${p.day} ${p.hour}:${p.minute}`;
  return p.year === cityParts(new Date()).year ? date : `${p.year}-${date}`;
}

/** A duration as "2小时5分" / "2 h 5 min". */
export function formatDuration(ms: number): string {
  const en = i18n.global.locale.value === 'en';
  const min = Math.max(0, Math.round(ms / 60_000));
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  const out: string[] = [];
  if (d) out.push(en ? `${d} d` : `${d}天`);
  if (h) out.push(en ? `${h} h` : `${h}小时`);
  if (m || out.length === 0) out.push(en ? `${m} min` : `${m}分`);
  return out.join(en ? ' ' : '');
}

/** "4 工作小时" for a category's disposal limit. */
export function formatLimit(limit: TimeLimit | null | undefined): string {
  if (!limit) return '';
  const key = `cases.units.${limit.unit}`;
  return i18n.global.te(key) ? t(key, { n: limit.value }) : `${limit.value} ${limit.unit}`;
}

/** Time left (or overdue) until `due`, for the inbox deadline column. */
export function formatDue(due: string | null): string {
  if (!due) return '';
  const left = new Date(due).getTime() - Date.now();
  return left >= 0
    ? t('cases.remaining', { t: formatDuration(left) })
    : t('cases.overdueBy', { t: formatDuration(-left) });
}

/** Working time as "10工作小时5分" / "10 working h 5 min" (a working day is not 24 hours). */
export function formatWorkingDuration(ms: number): string {
  const en = i18n.global.locale.value === 'en';
  const min = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(min / 60);
  const m = min % 60;
  const out: string[] = [];
  if (h) out.push(en ? `${h} working h` : `${h}工作小时`);
  if (m || out.length === 0) out.push(en ? `${m} min` : `${m}分`);
  return out.join(en ? ' ' : '');
}

/**
 * Time left on a case's current step, or how late it is, on the clock its limit runs on: working
 * time for working-hour limits (as the server measured it), natural time otherwise.
 */
export function formatStepLeft(c: Pick<CaseSummary, 'stepDueAt' | 'stepLeftMs' | 'stepClock'>): string {
  if (!c.stepDueAt) return '';
  if (c.stepLeftMs == null || c.stepClock == null) return formatDue(c.stepDueAt);
  const left = c.stepLeftMs;
  const text =
    c.stepClock === 'working' ? formatWorkingDuration(Math.abs(left)) : formatDuration(Math.abs(left));
  return left >= 0 ? t('cases.remaining', { t: text }) : t('cases.overdueBy', { t: text });
}

/**
 * Why a case ended without the work being done, in the reader's language: the desk's reason for
 * not accepting or not filing it, the cancellation's reason (and approval), or the case a
 * duplicate report was linked to. Null for every other case.
 */
export function outcomeText(outcome: CaseDetail['outcome'] | null | undefined): string | null {
  if (!outcome) return null;
  if (outcome.kind === 'duplicate') return noteText(outcome.note, null) ?? t('cases.outcome.duplicate');
  const reason = outcome.reason ?? t('cases.outcome.noReason');
  const line = t(`cases.outcome.${outcome.kind}`, { reason });
  return outcome.comment ? `${line}${t('cases.outcome.approval', { comment: outcome.comment })}` : line;
}

export const stateLabel = (s: string) => t(`cases.states.${s}`);
export const actionLabel = (a: string) =>
  i18n.global.te(`cases.actionNames.${a}`) ? t(`cases.actionNames.${a}`) : a;
export const sourceLabel = (s: string) => t(`cases.sources.${s}`);
export const urgencyLabel = (u: string) => t(`cases.urgencies.${u}`);
export const roleLabel = (r: string | null) => (r ? t(`roles.${r}`) : '');

/** Element Plus tag colour of a state: final states grey, waiting on the centre blue, in work orange. */
export function stateTagType(state: string): 'info' | 'primary' | 'warning' | 'success' | 'danger' {
  if (['closed', 'checked_ok'].includes(state)) return 'success';
  if ((DROPPED_STATES as readonly string[]).includes(state)) return 'info';
  if (['dispatched', 'handling', 'suspended'].includes(state)) return 'warning';
  return 'primary';
}

/** The category's name in the UI language (the server answers the Chinese name). */
export function categoryLabel(c: { kind: string; category: string; categoryName: string }): string {
  if (i18n.global.locale.value !== 'en') return c.categoryName;
  return categoryByCode(c.category, c.kind as CategoryKind)?.nameEn ?? c.categoryName;
}
