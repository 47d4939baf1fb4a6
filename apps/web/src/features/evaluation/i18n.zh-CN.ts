// The evaluation page's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
import { COUNT_LABELS, RATE_LABELS } from '@cityloop/domain/api/evaluation';

/** A figure's [name, definition] pairs, as the names and hints the columns and tooltips read. */
export type Named<K extends string> = Record<K, [name: string, definition: string]>;

export function figureMessages<K extends string>(table: Named<K>) {
  const names: Record<string, string> = {};
  const hints: Record<string, string> = {};
  for (const [key, [name, hint]] of Object.entries(table) as Array<[K, [string, string]]>) {
    names[key] = name;
    hints[key] = hint;
  }
  return { names, hints };
}

/** The administrator's weights and denominators dialog. */
const settingsZh = {
  open: '权重设置',
  colon: '：',
  title: '综合评价权重与口径',
  sum: '合计',
  mustBe100: '{subject}：权重合计为 {sum}，应为 100',
  defaults: '恢复默认权重',
  areasUseUnit: '街道和区的综合得分按专业部门的权重计算。',
  denominators: '统计口径',
  excludeSuspended: '挂账案件不计入分母',
  excludeSuspendedHint: '处于挂账（缓办）状态的案件从处置率、结案率等分母中扣除',
  includePending: '到期未办的环节计入应办数',
  includePendingHint: '期内到期仍未完成的环节也计入应办数；关闭后只统计期内完成的环节',
  saved: '权重已保存，评价已按新权重重新计算',
};

const evaluationZh = {
  evaluationFigures: { counts: figureMessages(COUNT_LABELS), rates: figureMessages(RATE_LABELS) },
  evaluationSettings: settingsZh,
  evaluationDrill: { repeated: '计入多次的案件（如返工后再次处置）：{list}；本页合计 {total} 次' },
  evaluation: {
    title: '综合评价',
    subjects: {
      inspectors: '监督员',
      units: '专业部门',
      streets: '街道',
      districts: '区',
      operators: '受理员',
      shift_leaders: '值班长',
      dispatchers: '派遣员',
    },
    periods: { day: '日', week: '周', month: '月', quarter: '季度', year: '年', custom: '自定义' },
    buckets: { day: '按日', week: '按周', month: '按月' },
    rank: '排名',
    name: '名称',
    volume: '工作量分',
    score: '综合得分',
    grade: '等级',
    export: '导出 Excel',
    weights: '权重',
    trend: '趋势',
    allTogether: '全部合计',
    noScore: '无得分',
    allRows: '（全部 {n} 个，按得分排序）',
    soFarMark: '（至今）',
    partialBucket: '{bucket} 本期尚未结束，虚线为截至目前的数据',
    partialPeriod: '本期尚未结束：以下为截至目前的数据',
    breakdown: '得分分布',
  },
};
export default evaluationZh;
export type EvaluationMessages = typeof evaluationZh;
