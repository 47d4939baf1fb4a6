import { newWorkbook } from '../../ops/excel.js';
import type { CountKey, EvaluationRates } from '@cityloop/domain';
import {
  COUNT_LABELS,
  RATE_LABELS,
  SUBJECT_LABELS,
  weightLabelZh,
  type EvaluationReport,
} from '@cityloop/domain/api';

/** The report as a workbook: sheet 1 one row per subject, sheet 2 the definitions. */
export async function evaluationWorkbook(report: EvaluationReport, timeZone: string): Promise<Buffer> {
  const wb = await newWorkbook();
  const countKeys = Object.keys(COUNT_LABELS) as CountKey[];
  const rateKeys = Object.keys(RATE_LABELS) as (keyof EvaluationRates)[];
  const local = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone, hour12: false });

  const sheet = wb.addWorksheet('综合评价');
  sheet.addRow([
    '排名',
    SUBJECT_LABELS[report.subject],
    '编号',
    '综合得分',
    '等级',
    ...countKeys.map((k) => COUNT_LABELS[k][0]),
    ...rateKeys.map((k) => RATE_LABELS[k][0]),
  ]).font = { bold: true };
  for (const r of report.rows) {
    sheet.addRow([
      r.rank,
      r.name,
      r.id,
      r.score,
      r.grade,
      ...countKeys.map((k) => r.counts[k]),
      ...rateKeys.map((k) => r.rates[k]),
    ]);
  }
  const firstRate = 6 + countKeys.length;
  rateKeys.forEach((_k, i) => {
    sheet.getColumn(firstRate + i).numFmt = '0.0%';
  });
  sheet.getColumn(2).width = 24;
  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: 1 }];

  const defs = wb.addWorksheet('指标说明');
  defs.addRow(['指标', '类型', '定义']).font = { bold: true };
  defs.addRow(['评价对象', '', SUBJECT_LABELS[report.subject]]);
  defs.addRow([
    '评价期间',
    '',
    `${local(report.from)} 至 ${local(report.to)}（不含）${report.partial ? '；本期尚未结束，为截至导出时的数据' : ''}`,
  ]);
  defs.addRow([
    '权重',
    '',
    Object.entries(report.weights)
      .map(([k, v]) => `${weightLabelZh(k)} ${v}`)
      .join('，'),
  ]);
  defs.addRow([
    '分母设置',
    '',
    `${report.options.excludeSuspended ? '挂账案件不计入处置、结案分母' : '挂账案件计入分母'}；${
      report.options.includePending ? '应办数含期内到期未办' : '应办数仅含期内完成'
    }`,
  ]);
  defs.addRow(['等级', '', 'A ≥ 90，B ≥ 75，C ≥ 60，D ≥ 40，E < 40；无数据不评级']);
  for (const k of countKeys) defs.addRow([COUNT_LABELS[k][0], '计数', COUNT_LABELS[k][1]]);
  for (const k of rateKeys) defs.addRow([RATE_LABELS[k][0], '比率', RATE_LABELS[k][1]]);
  defs.getColumn(1).width = 20;
  defs.getColumn(3).width = 90;

  return Buffer.from(await wb.xlsx.writeBuffer());
}
