// The calendar feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const calendarZh = {
  calendarAdmin: {
    title: '工作日历',
    missingYear:
      '{year} 年尚无法定节假日安排：请录入该年的节假日与调休上班日，否则时限计算会把节假日算作工作日',
    holiday: '节假日',
    adjustedWorkday: '调休上班',
    weekend: '周末',
    byWeekday: '按星期',
    kind: '类型',
    clickHint: '点击日期可修改',
    periods: '每日工作时段',
    addPeriod: '增加时段',
    stepLimits: '环节时限',
    categoryLimits: '案件类别时限（立案条件、处置时限、结案条件）',
    step: '环节',
    limit: '时限',
    urgency: '紧急程度',
    filing: '立案条件',
    closing: '结案条件',
    filingEn: '立案条件（英文）',
    closingEn: '结案条件（英文）',
    all: '全部',
    component: '部件',
    event: '事件',
    search: '类别编码或名称',
    steps: { accept: '受理', verify: '核实', file: '立案', dispatch: '派遣', check: '核查', close: '结案' },
    urgencies: { normal: '一般', urgent: '紧急', critical: '特急' },
    units: {
      working_hours: '工作小时',
      working_days: '工作日',
      natural_hours: '自然小时',
      minutes: '分钟',
      working_minutes: '工作分钟',
    },
  },
};

export default calendarZh;
export type CalendarMessages = typeof calendarZh;
