import { newWorkbook } from '../../ops/excel.js';
import {
  VISIT_FIGURE_KEYS,
  VISIT_FIGURE_LABELS,
  VISIT_GROUP_LABELS,
  VISIT_RATE_KEYS,
  VISIT_RATE_LABELS,
  type VisitFiguresReport,
} from '@cityloop/domain/api';

/** The figures as a workbook: sheet 1 one row per district/street/unit/category and the total, sheet 2 the definitions. */
export async function visitFiguresWorkbook(report: VisitFiguresReport, timeZone: string): Promise<Buffer> {
  const wb = await newWorkbook();
  const local = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone, hour12: false });
  const sheet = wb.addWorksheet('回访统计');
  sheet.addRow([
    VISIT_GROUP_LABELS[report.groupBy],
    '编号',
    ...VISIT_FIGURE_KEYS.map((k) => VISIT_FIGURE_LABELS[k][0]),
    ...VISIT_RATE_KEYS.map((k) => VISIT_RATE_LABELS[k][0]),
  ]).font = { bold: true };
  for (const r of [...report.rows, report.total]) {
    const row = sheet.addRow([
      r.name,
      r.key,
      ...VISIT_FIGURE_KEYS.map((k) => r.counts[k]),
      ...VISIT_RATE_KEYS.map((k) => r.rates[k]),
    ]);
    if (r === report.total) row.font = { bold: true };
  }
  const firstRate = 3 + VISIT_FIGURE_KEYS.length;
  VISIT_RATE_KEYS.forEach((_k, i) => {
    sheet.getColumn(firstRate + i).numFmt = '0.0%';
  });
  sheet.getColumn(1).width = 24;
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];

  const defs = wb.addWorksheet('指标说明');
  defs.addRow(['指标', '类型', '定义']).font = { bold: true };
  defs.addRow([
    '统计期间',
    '',
    `${local(report.from)} 至 ${local(report.to)}（不含）${report.partial ? '；本期尚未结束，为截至导出时的数据' : ''}`,
  ]);
  for (const k of VISIT_FIGURE_KEYS)
    defs.addRow([VISIT_FIGURE_LABELS[k][0], '计数', VISIT_FIGURE_LABELS[k][1]]);
  for (const k of VISIT_RATE_KEYS) defs.addRow([VISIT_RATE_LABELS[k][0], '比率', VISIT_RATE_LABELS[k][1]]);
  defs.getColumn(1).width = 20;
  defs.getColumn(3).width = 90;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
