import type { CalendarMessages } from './i18n.zh-CN';

const calendarEn: CalendarMessages = {
  calendarAdmin: {
    title: 'Working calendar',
    missingYear:
      'No official holiday table for {year} yet: enter its holidays and adjusted working days, or deadlines will count holidays as working days',
    holiday: 'Holiday',
    adjustedWorkday: 'Adjusted working day',
    weekend: 'Weekend',
    byWeekday: 'By weekday',
    kind: 'Kind',
    clickHint: 'Click a date to change it',
    periods: 'Daily work periods',
    addPeriod: 'Add a period',
    stepLimits: 'Step time limits',
    categoryLimits: 'Category time limits (filing condition, disposal limit, closing condition)',
    step: 'Step',
    limit: 'Limit',
    urgency: 'Urgency',
    filing: 'Filing condition',
    closing: 'Closing condition',
    filingEn: 'Filing condition (English)',
    closingEn: 'Closing condition (English)',
    all: 'All',
    component: 'Component',
    event: 'Event',
    search: 'Category code or name',
    steps: {
      accept: 'Accept',
      verify: 'Verify',
      file: 'File',
      dispatch: 'Dispatch',
      check: 'Check',
      close: 'Close',
    },
    urgencies: { normal: 'Normal', urgent: 'Urgent', critical: 'Critical' },
    units: {
      working_hours: 'working hours',
      working_days: 'working days',
      natural_hours: 'natural hours',
      minutes: 'minutes',
      working_minutes: 'working minutes',
    },
  },
};

export default calendarEn;
