import type { CountKey, EvaluationRates } from '@cityloop/domain/evaluation/rates';
import { figureMessages, type EvaluationMessages, type Named } from './i18n.zh-CN';

type RateKey = keyof EvaluationRates;

/**
 * English names and definitions of every evaluation figure, in the domain's terms (CASE-LOOP.md
 * "Evaluation"). The Chinese ones are the domain's own (COUNT_LABELS, RATE_LABELS), shared with the
 * Excel export; a figure added there fails the type of these tables until it is named here too.
 */
const COUNTS_EN: Named<CountKey> = {
  reported: [
    'Reported',
    'Reports made in the period (including those linked as duplicates); inspectors by their own reports, areas by where the case is',
  ],
  valid: [
    'Valid reports',
    'Reports of the period that were filed (even if cancelled later), confirmed as duplicates or fixed on the spot',
  ],
  verificationsDue: [
    'Verifications due',
    'Verifications done in the period + verify tasks due in the period and not done (inspectors: tasks assigned to them)',
  ],
  verificationsOnTime: ['Verified on time', 'Verifications done in the period within their time limit'],
  checksDue: ['Checks due', 'Checks done in the period + check tasks due in the period and not done'],
  checksOnTime: ['Checked on time', 'Checks done in the period within their time limit'],
  missed: [
    'Missed reports',
    'Public (non-inspector) reports verified as true in the period inside the inspector’s supervision grids',
  ],
  filed: [
    'Filed',
    'Cases filed in the period; inspectors: in their supervision grids; shift leaders: by them',
  ],
  intake: [
    'Intake',
    'Reports registered by operators and the hotline + the first handling of new reports (accept, reject, send to verify)',
  ],
  verifyDispatchDue: [
    'Intake steps due',
    'Intake steps done in the period (accept, reject, send to verify), timed by the accept limit',
  ],
  verifyDispatchedOnTime: ['Intake steps on time', 'Intake steps done in the period within the accept limit'],
  checkDispatchDue: ['Check tasks due', 'Check tasks sent after a unit reported its work done in the period'],
  checkDispatchedOnTime: ['Check tasks sent on time', 'Check tasks sent before the check step was due'],
  filingDue: [
    'Filings due',
    'Filing steps done in the period (file or refuse) + filing steps due in the period and not done (areas)',
  ],
  filedOnTime: ['Filed on time', 'Filing steps done in the period within the filing limit'],
  filedAccurate: ['Filed accurately', 'Cases filed in the period and not cancelled afterwards'],
  dispatchDue: [
    'Dispatches due',
    'Dispatches in the period + cases due for dispatch in the period and not dispatched (areas)',
  ],
  dispatched: ['Dispatched', 'Dispatches in the period (second-level dispatches included)'],
  dispatchedOnTime: ['Dispatched on time', 'Dispatches in the period within the dispatch limit'],
  sendBacks: [
    'Send-backs',
    'Dispatchers and areas: dispatches of the period sent back (approved); units: their approved send-backs',
  ],
  disposalDue: [
    'Due for disposal',
    'Work reported done in the period + cases whose disposal limit fell in the period, not done by its end (suspended cases left out per the settings)',
  ],
  disposed: ['Disposed', 'Work reported done in the period (done again after rework counts again)'],
  disposedOnTime: [
    'Disposed on time',
    'Work reported done in the period within the disposal limit (approved extensions included)',
  ],
  overduePending: [
    'Overdue, not disposed',
    'Disposal limit fell in the period and the work was not done by its end',
  ],
  closeDue: [
    'Due to close',
    'Closed in the period + disposal limit fell in the period and not closed by its end; shift leaders: their closing steps',
  ],
  closed: ['Closed', 'Cases closed in the period (areas: fixes on the spot included)'],
  closedOnTime: [
    'Closed on time',
    'Closed in the period with the last disposal on time (a fix on the spot is on time); shift leaders: closing step on time',
  ],
  suspended: [
    'Suspended',
    'Cases due to close that are suspended now; left out of the closing denominators per the settings',
  ],
  rework: ['Rework', 'Failed checks or dissatisfied return visits sent back to the unit in the period'],
  extensions: ['Extensions', 'Extensions approved in the period'],
  cancellations: ['Cancellations', 'Cancellations approved in the period'],
  urges: ['Supervisions', 'Cases urged by a supervisor (督办) in the period'],
  visitsDue: ['Return visits due', 'Closed cases whose caller asked for a reply'],
  visited: ['Visited', 'Return visits made'],
  satisfied: ['Satisfied', 'Return visits answered “satisfied”'],
  basicallySatisfied: ['Basically satisfied', 'Return visits answered “basically satisfied”'],
};

const RATES_EN: Named<RateKey> = {
  validReport: ['Valid-report rate', 'Valid reports / reported'],
  onTimeVerify: ['On-time verification rate', 'Verified on time / verifications due'],
  onTimeCheck: ['On-time check rate', 'Checked on time / checks due'],
  missedReport: ['Missed-report rate', 'Missed reports / filed'],
  onTimeVerifyDispatch: ['On-time intake rate', 'Intake steps on time / intake steps due'],
  onTimeCheckDispatch: ['On-time check dispatch rate', 'Check tasks sent on time / check tasks due'],
  onTimeFiling: ['On-time filing rate', 'Filed on time / filings due'],
  accurateFiling: ['Accurate filing rate', 'Filed accurately / filed'],
  onTimeDispatch: ['On-time dispatch rate', 'Dispatched on time / dispatches due'],
  accurateDispatch: ['Accurate dispatch rate', '(Dispatched − send-backs) / dispatches due'],
  disposal: ['Disposal rate', 'Disposed / due for disposal'],
  onTimeDisposal: ['On-time disposal rate', 'Disposed on time / due for disposal'],
  overduePending: ['Overdue-pending rate', 'Overdue, not disposed / due for disposal'],
  closing: ['Closing rate', 'Closed / (due to close − suspended)'],
  onTimeClosing: ['On-time closing rate', 'Closed on time / (due to close − suspended)'],
  rework: ['Rework rate', 'Rework / due to close'],
  extension: ['Extension rate', 'Extensions / due for disposal'],
  returnVisit: ['Return-visit rate', 'Visited / return visits due'],
  satisfaction: ['Satisfaction rate', '(Satisfied + basically satisfied) / visited'],
};

const settingsEn: EvaluationMessages['evaluationSettings'] = {
  open: 'Weights',
  colon: ': ',
  title: 'Evaluation weights and denominators',
  sum: 'Total',
  mustBe100: '{subject}: the weights add up to {sum}; they must add up to 100',
  defaults: 'Restore the default weights',
  areasUseUnit: 'Streets and districts are scored with the units’ weights.',
  denominators: 'Denominators',
  excludeSuspended: 'Leave suspended cases out of the denominators',
  excludeSuspendedHint: 'Suspended cases leave the disposal and closing denominators',
  includePending: 'Count steps that came due and are not done',
  includePendingHint:
    'Steps that came due in the period and are not done count as due; off: only steps completed in the period',
  saved: 'Weights saved; the evaluation uses them now',
};

const evaluationEn: EvaluationMessages = {
  evaluationFigures: { counts: figureMessages(COUNTS_EN), rates: figureMessages(RATES_EN) },
  evaluationSettings: settingsEn,
  evaluationDrill: {
    repeated: 'Counted more than once (e.g. disposed again after rework): {list}; {total} on this page',
  },
  evaluation: {
    title: 'Evaluation',
    subjects: {
      inspectors: 'Inspectors',
      units: 'Units',
      streets: 'Streets',
      districts: 'Districts',
      operators: 'Operators',
      shift_leaders: 'Shift leaders',
      dispatchers: 'Dispatchers',
    },
    periods: { day: 'Day', week: 'Week', month: 'Month', quarter: 'Quarter', year: 'Year', custom: 'Custom' },
    buckets: { day: 'daily', week: 'weekly', month: 'monthly' },
    rank: 'Rank',
    name: 'Name',
    volume: 'Volume',
    score: 'Score',
    grade: 'Grade',
    export: 'Export Excel',
    weights: 'Weights',
    trend: 'Trend',
    allTogether: 'all together',
    noScore: 'no score',
    allRows: '(all {n}, by score)',
    soFarMark: ' (so far)',
    partialBucket: '{bucket} has not ended: the dashed part is the figures so far',
    partialPeriod: 'This period has not ended: figures so far',
    breakdown: 'Scores',
  },
};
export default evaluationEn;
