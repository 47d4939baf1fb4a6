import { RATE_LABELS, type EvaluationSubject } from '@cityloop/domain/api/evaluation';
import type { CountKey, EvaluationRates } from '@cityloop/domain/evaluation/rates';
import { i18n } from '@/i18n';

export type RateKey = keyof EvaluationRates;
export type Column = { kind: 'count'; key: CountKey } | { kind: 'rate'; key: RateKey };

const c = (key: CountKey): Column => ({ kind: 'count', key });
const r = (key: RateKey): Column => ({ kind: 'rate', key });

/** The figures each subject is judged by (CASE-LOOP.md "Evaluation"), in reading order. */
export const SUBJECT_COLUMNS: Record<EvaluationSubject, Column[]> = {
  inspectors: [
    c('reported'),
    c('valid'),
    r('validReport'),
    c('verificationsDue'),
    c('verificationsOnTime'),
    r('onTimeVerify'),
    c('checksDue'),
    c('checksOnTime'),
    r('onTimeCheck'),
    c('missed'),
    r('missedReport'),
  ],
  operators: [
    c('intake'),
    c('verifyDispatchDue'),
    c('verifyDispatchedOnTime'),
    r('onTimeVerifyDispatch'),
    c('checkDispatchDue'),
    c('checkDispatchedOnTime'),
    r('onTimeCheckDispatch'),
  ],
  shift_leaders: [
    c('filingDue'),
    c('filedOnTime'),
    r('onTimeFiling'),
    c('filed'),
    c('filedAccurate'),
    r('accurateFiling'),
    c('closeDue'),
    c('closed'),
    r('onTimeClosing'),
  ],
  dispatchers: [
    c('dispatchDue'),
    c('dispatched'),
    c('dispatchedOnTime'),
    r('onTimeDispatch'),
    c('sendBacks'),
    r('accurateDispatch'),
  ],
  units: [
    c('disposalDue'),
    c('disposed'),
    r('disposal'),
    c('disposedOnTime'),
    r('onTimeDisposal'),
    c('overduePending'),
    c('rework'),
    r('rework'),
    c('extensions'),
    r('extension'),
    c('suspended'),
    c('visitsDue'),
    c('visited'),
    r('returnVisit'),
    r('satisfaction'),
  ],
  streets: [
    c('reported'),
    c('filed'),
    c('disposalDue'),
    c('disposed'),
    r('onTimeDisposal'),
    c('closeDue'),
    c('closed'),
    r('closing'),
    r('onTimeClosing'),
    c('rework'),
    c('urges'),
    c('visitsDue'),
    c('visited'),
    r('returnVisit'),
    r('satisfaction'),
  ],
  districts: [],
};
SUBJECT_COLUMNS.districts = SUBJECT_COLUMNS.streets;

/** The rate charted beside the score in the trend, per subject. */
export const TREND_RATE: Record<EvaluationSubject, RateKey> = {
  inspectors: 'validReport',
  operators: 'onTimeVerifyDispatch',
  shift_leaders: 'onTimeFiling',
  dispatchers: 'onTimeDispatch',
  units: 'onTimeDisposal',
  streets: 'onTimeClosing',
  districts: 'onTimeClosing',
};

const t = (key: string) => i18n.global.t(key);
const group = (col: Column) => (col.kind === 'count' ? 'counts' : 'rates');

/** Column title in the user's language (Chinese: the domain's names, shared with the Excel export). */
export function columnLabel(col: Column): string {
  return t(`evaluationFigures.${group(col)}.names.${col.key}`);
}

/** The definition (numerator and denominator) shown as the column's tooltip. */
export function columnHint(col: Column): string {
  return t(`evaluationFigures.${group(col)}.hints.${col.key}`);
}

export const formatRate = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

export const GRADE_COLORS: Record<string, string> = {
  A: '#2f9e6b',
  B: '#3d86c6',
  C: '#e0a100',
  D: '#e8743b',
  E: '#d64545',
};

const WEIGHT_RATE: Record<string, RateKey> = {
  notMissed: 'missedReport',
  notRework: 'rework',
  notOverduePending: 'overduePending',
  notExtension: 'extension',
};

/** A composite weight's name: the rate it weighs ("1 − 返工率" for the not* terms), or the volume score. */
export function weightLabel(key: string): string {
  const inverse = WEIGHT_RATE[key];
  if (inverse) return `1 − ${columnLabel({ kind: 'rate', key: inverse })}`;
  if (key in RATE_LABELS) return columnLabel({ kind: 'rate', key: key as RateKey });
  return key.endsWith('Volume') ? t('evaluation.volume') : key;
}
