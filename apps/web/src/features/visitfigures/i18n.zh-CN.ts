// The visit figures' messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const zh = {
  title: '回访统计',
  hint: '按区、街道、责任单位或问题类别统计回访：应回访、已回访、按时回访、回访率、满意率和重复投诉率。数字与综合评价同一口径；点击数字查看所计入的案件。',
  groupBy: '统计维度',
  groups: { district: '区', street: '街道', unit: '责任单位', category: '问题类别' },
  export: '导出 Excel',
  total: '合计',
  none: '未派遣',
  figures: {
    due: '应回访',
    done: '已回访',
    onTime: '按时回访',
    reached: '联系上',
    satisfied: '满意',
    basicallySatisfied: '基本满意',
    dissatisfied: '不满意',
    complaints: '群众诉求',
    repeats: '重复投诉',
  },
  figureHints: {
    due: '期内结束的回访 + 结案 48 小时后仍未回访的案件',
    done: '联系上来电人，或第 3 次仍未接通',
    onTime: '结案后 48 小时内完成的回访',
    reached: '联系上来电人的回访',
    satisfied: '回访结果为满意',
    basicallySatisfied: '回访结果为基本满意',
    dissatisfied: '回访结果为不满意（案件返工）',
    complaints: '热线、网站、Open311、媒体等群众渠道上报的案件',
    repeats: '关联到一件尚未办结的同类案件的上报',
  },
  rates: { returnVisit: '回访率', onTime: '按时回访率', satisfaction: '满意率', repeat: '重复投诉率' },
  rateHints: {
    returnVisit: '联系上 ÷ 应回访（与综合评价相同）',
    onTime: '按时回访 ÷ 应回访',
    satisfaction: '（满意 + 基本满意）÷ 联系上',
    repeat: '重复投诉 ÷ 群众诉求',
  },
  chartCounts: '回访数量',
  chartRates: '回访率与满意率',
  partial: '本期尚未结束，为截至目前的数据',
  drillTitle: '{row} · {figure} · {n}',
  drillRepeated: '其中 {list} 被多次计入（合计 {total}）',
  empty: '本期没有回访数据',
  more: '加载更多',
};

const visitFiguresZh = { visitFigures: zh };
export default visitFiguresZh;
export type VisitFiguresMessages = typeof visitFiguresZh;
