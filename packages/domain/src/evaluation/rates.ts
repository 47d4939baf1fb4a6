/**
 * Counts per subject (person, unit or area) and period, and the rates of docs/CASE-LOOP.md
 * "Evaluation". The server derives the counts from case event rows; nothing here is typed in.
 */

export const COUNT_KEYS = [
  // inspector
  'reported',
  // Reports that became work: filed + cancelled as a duplicate.
  'valid',
  'verificationsDue',
  'verificationsOnTime',
  'checksDue',
  'checksOnTime',
  // Verified public reports inside the inspector's grid that the inspector did not report.
  'missed',
  'filed',
  // intake operator
  // Reports the operator decided (accepted + rejected): the intake volume.
  'intake',
  'verifyDispatchDue',
  'verifyDispatchedOnTime',
  'checkDispatchDue',
  'checkDispatchedOnTime',
  // shift leader
  'filingDue',
  'filedOnTime',
  // Filed cases not cancelled as wrongly filed nor re-categorised later.
  'filedAccurate',
  // dispatcher
  'dispatchDue',
  // Dispatches made; defaults to dispatchDue when not given.
  'dispatched',
  'dispatchedOnTime',
  'sendBacks',
  // handling unit
  'disposalDue',
  'disposed',
  'disposedOnTime',
  // Cases past their deadline and still not disposed at the end of the period.
  'overduePending',
  'closeDue',
  'closed',
  'closedOnTime',
  'suspended',
  'rework',
  'extensions',
  'cancellations',
  'urges',
  // return visits
  'visitsDue',
  'visited',
  'satisfied',
  'basicallySatisfied',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
/** Missing counts are zero. */
export type EvaluationCounts = Partial<Record<CountKey, number>>;

/** Every rate is a fraction (0.9, not 90) or null when its denominator is zero. */
export interface EvaluationRates {
  /** valid / reported */
  validReport: number | null;
  /** verificationsOnTime / verificationsDue */
  onTimeVerify: number | null;
  /** checksOnTime / checksDue */
  onTimeCheck: number | null;
  /** missed / filed */
  missedReport: number | null;
  /** verifyDispatchedOnTime / verifyDispatchDue (operator sends verify tasks in time) */
  onTimeVerifyDispatch: number | null;
  /** checkDispatchedOnTime / checkDispatchDue */
  onTimeCheckDispatch: number | null;
  /** filedOnTime / filingDue */
  onTimeFiling: number | null;
  /** filedAccurate / filed */
  accurateFiling: number | null;
  /** dispatchedOnTime / dispatchDue */
  onTimeDispatch: number | null;
  /** (dispatched − sendBacks) / dispatchDue */
  accurateDispatch: number | null;
  /** disposed / disposalDue */
  disposal: number | null;
  /** disposedOnTime / disposalDue */
  onTimeDisposal: number | null;
  /** overduePending / disposalDue */
  overduePending: number | null;
  /** closed / (closeDue − suspended): suspended cases leave the denominator */
  closing: number | null;
  /** closedOnTime / (closeDue − suspended) */
  onTimeClosing: number | null;
  /** rework / closeDue */
  rework: number | null;
  /** extensions / disposalDue */
  extension: number | null;
  /** visited / visitsDue */
  returnVisit: number | null;
  /** (satisfied + basicallySatisfied) / visited */
  satisfaction: number | null;
}

/** n / d, or null when there is nothing to divide by (never NaN or Infinity). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export function computeRates(counts: EvaluationCounts): EvaluationRates {
  const c = (key: CountKey): number => counts[key] ?? 0;
  const accurateDispatches = Math.max(0, (counts.dispatched ?? c('dispatchDue')) - c('sendBacks'));
  const closable = c('closeDue') - c('suspended');
  return {
    validReport: ratio(c('valid'), c('reported')),
    onTimeVerify: ratio(c('verificationsOnTime'), c('verificationsDue')),
    onTimeCheck: ratio(c('checksOnTime'), c('checksDue')),
    missedReport: ratio(c('missed'), c('filed')),
    onTimeVerifyDispatch: ratio(c('verifyDispatchedOnTime'), c('verifyDispatchDue')),
    onTimeCheckDispatch: ratio(c('checkDispatchedOnTime'), c('checkDispatchDue')),
    onTimeFiling: ratio(c('filedOnTime'), c('filingDue')),
    accurateFiling: ratio(c('filedAccurate'), c('filed')),
    onTimeDispatch: ratio(c('dispatchedOnTime'), c('dispatchDue')),
    accurateDispatch: ratio(accurateDispatches, c('dispatchDue')),
    disposal: ratio(c('disposed'), c('disposalDue')),
    onTimeDisposal: ratio(c('disposedOnTime'), c('disposalDue')),
    overduePending: ratio(c('overduePending'), c('disposalDue')),
    closing: ratio(c('closed'), closable),
    onTimeClosing: ratio(c('closedOnTime'), closable),
    rework: ratio(c('rework'), c('closeDue')),
    extension: ratio(c('extensions'), c('disposalDue')),
    returnVisit: ratio(c('visited'), c('visitsDue')),
    satisfaction: ratio(c('satisfied') + c('basicallySatisfied'), c('visited')),
  };
}
