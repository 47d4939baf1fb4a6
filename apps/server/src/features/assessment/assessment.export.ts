import { newWorkbook } from '../../ops/excel.js';
import type { BulletinResponse, RollupResponse } from '@cityloop/domain/api';

const LEVEL_ZH = { district: '区', street: '街道', unit: '单位' } as const;
const SEVERITY_ZH = { minor: '轻微', normal: '一般', serious: '严重' } as const;

/** The bulletin as a workbook: sheet 1 the ranking, sheet 2 the worst findings. */
export async function bulletinWorkbook(b: BulletinResponse): Promise<Buffer> {
  const wb = await newWorkbook();
  const s = b.scores;
  const ranking = wb.addWorksheet('排名通报');
  ranking.addRow([
    `${s.month} 精细化管理考核排名（${LEVEL_ZH[s.level]}，细则 ${s.version}${s.closed ? '，已发布' : '，未关账'}）`,
  ]).font = { bold: true, size: 14 };
  ranking.addRow([
    '排名',
    LEVEL_ZH[s.level],
    '编号',
    '总分',
    '等级',
    '细则得分',
    '案件评价得分',
    '重点工作加减分',
    '扣分（分担后）',
    '问题数',
    '上月得分',
    '上月排名',
    '排名变化',
  ]).font = { bold: true };
  for (const r of s.rows) {
    const row = ranking.addRow([
      r.rank,
      r.name,
      r.id,
      r.score,
      r.grade,
      r.catalogueScore,
      r.caseScore,
      r.bonus,
      r.deducted,
      r.findings,
      r.previousScore,
      r.previousRank,
      r.previousRank === null ? null : r.previousRank - r.rank,
    ]);
    row.getCell(5).fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: `FF${r.colour.slice(1).toUpperCase()}` },
    };
  }
  ranking.getColumn(2).width = 24;
  ranking.views = [{ state: 'frozen', ySplit: 2 }];

  const worst = wb.addWorksheet('突出问题');
  worst.addRow([
    '编号',
    '项目',
    '地点',
    '街道',
    '严重程度',
    '次数',
    '扣分',
    '案件',
    '案件状态',
    '复查',
    '发现时间',
  ]).font = { bold: true };
  for (const f of b.worst) {
    worst.addRow([
      f.id,
      `${f.aspectCode} ${f.aspectName}`,
      f.placeName ?? '',
      f.streetName,
      SEVERITY_ZH[f.severity],
      f.occurrences,
      f.deduction,
      f.caseCode ?? '',
      f.caseState ?? '',
      f.reinspection,
      f.foundAt,
    ]);
  }
  worst.getColumn(2).width = 30;
  worst.getColumn(3).width = 24;
  const totals = wb.addWorksheet('说明');
  totals.addRow(['本月问题', b.totals.findings]);
  totals.addRow(['转案件', b.totals.cases]);
  totals.addRow(['复查通过', b.totals.fixed]);
  totals.addRow(['申诉', b.totals.disputes]);
  totals.addRow(['权重', `细则 ${s.weights.catalogue}，案件评价 ${s.weights.caseLoop}`]);
  totals.addRow(['等级', 'A ≥ 95，B ≥ 90，C ≥ 80，D < 80']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const periodZh = (p: string) => (p.includes('-Q') ? `${p.slice(0, 4)}年第${p.slice(-1)}季度` : `${p}年`);

/** A quarter's or a year's roll-up as a workbook: the ranking with each month's score and rank. */
export async function rollupWorkbook(r: RollupResponse): Promise<Buffer> {
  const wb = await newWorkbook();
  const sheet = wb.addWorksheet(r.kind === 'year' ? '年度排名' : '季度排名');
  sheet.addRow([
    `${periodZh(r.period)} 精细化管理考核${r.kind === 'year' ? '年度' : '季度'}排名（${LEVEL_ZH[r.level]}，${r.published ? '已发布' : '未全部关账'}）`,
  ]).font = { bold: true, size: 14 };
  const months = r.rows[0]?.months.map((m) => m.month) ?? r.months.map((m) => m.month);
  sheet.addRow([
    '排名',
    LEVEL_ZH[r.level],
    '编号',
    '平均分',
    '等级',
    ...months.flatMap((m) => [`${m} 得分`, `${m} 排名`]),
    '问题数',
    '上期得分',
    '上期排名',
    '排名变化',
  ]).font = { bold: true };
  for (const x of r.rows) {
    const row = sheet.addRow([
      x.rank,
      x.name,
      x.id,
      x.score,
      x.grade,
      ...x.months.flatMap((m) => [m.score, m.rank]),
      x.findings,
      x.previousScore,
      x.previousRank,
      x.previousRank === null ? null : x.previousRank - x.rank,
    ]);
    row.getCell(5).fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: `FF${x.colour.slice(1).toUpperCase()}` },
    };
  }
  sheet.getColumn(2).width = 24;
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  const notes = wb.addWorksheet('说明');
  notes.addRow(['计分', '各月得分的平均值（每月权重相同），按平均分排名']);
  notes.addRow(['已计入月份', r.months.map((m) => `${m.month}${m.closed ? '（已关账）' : ''}`).join('、')]);
  notes.addRow(['对比期', r.previousPeriod]);
  notes.addRow(['等级', 'A ≥ 95，B ≥ 90，C ≥ 80，D < 80']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
