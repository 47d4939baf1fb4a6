import type { VisitFiguresMessages } from './i18n.zh-CN';

const en: VisitFiguresMessages['visitFigures'] = {
  title: 'Visit figures',
  hint: 'Return visits by district, street, handling unit or category: due, done, on time, the return-visit rate, the satisfaction rate and the repeat-complaint rate. The same figures as the evaluation; click a number to see the cases it counts.',
  groupBy: 'Break down by',
  groups: { district: 'District', street: 'Street', unit: 'Handling unit', category: 'Category' },
  export: 'Export to Excel',
  total: 'Total',
  none: 'Not dispatched',
  figures: {
    due: 'Due',
    done: 'Done',
    onTime: 'On time',
    reached: 'Reached',
    satisfied: 'Satisfied',
    basicallySatisfied: 'Basically satisfied',
    dissatisfied: 'Dissatisfied',
    complaints: 'Complaints',
    repeats: 'Repeats',
  },
  figureHints: {
    due: 'Visits ended in the period + cases still not visited 48 hours after closing',
    done: 'Caller reached, or not answering on the third call',
    onTime: 'Visits ended within 48 hours of closing',
    reached: 'Visits that reached the caller',
    satisfied: 'Caller answered “satisfied”',
    basicallySatisfied: 'Caller answered “basically satisfied”',
    dissatisfied: 'Caller answered “dissatisfied” (the case is reworked)',
    complaints: 'Cases reported through residents’ channels: hotline, web, Open311, media',
    repeats: 'Reports linked to an earlier open case of the same problem',
  },
  rates: {
    returnVisit: 'Return-visit rate',
    onTime: 'On-time rate',
    satisfaction: 'Satisfaction rate',
    repeat: 'Repeat-complaint rate',
  },
  rateHints: {
    returnVisit: 'Reached ÷ due (as in the evaluation)',
    onTime: 'On time ÷ due',
    satisfaction: '(Satisfied + basically satisfied) ÷ reached',
    repeat: 'Repeats ÷ complaints',
  },
  chartCounts: 'Return visits',
  chartRates: 'Return-visit and satisfaction rates',
  partial: 'The period has not ended yet: figures so far',
  drillTitle: '{row} · {figure} · {n}',
  drillRepeated: '{list} are counted more than once (together {total})',
  empty: 'No return visits in this period',
  more: 'Load more',
};

const visitFiguresEn: VisitFiguresMessages = { visitFigures: en };
export default visitFiguresEn;
