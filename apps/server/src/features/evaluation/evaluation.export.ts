import ExcelJS from 'exceljs';
import type { CountKey, EvaluationRates } from '@cityloop/domain';
import type { EvaluationReport, EvaluationSubject } from '@cityloop/domain/api';

/** Chinese headers and one-line definitions of every count (sheet 2 of the export, and the web page). */
export const COUNT_LABELS: Record<CountKey, [string, string]> = {
  reported: ['上报数', '期内上报事件（含关联为重复的上报）；监督员按本人上报，区域按案件所在地'],
  valid: ['有效上报数', '期内上报且已立案（含立案后作废）、确认为重复或自行处置的上报'],
  verificationsDue: ['应核实数', '期内完成的核实 + 核实时限在期内到期仍未核实的任务（监督员：指派给本人的）'],
  verificationsOnTime: ['按时核实数', '期内在时限内完成的核实'],
  checksDue: ['应核查数', '期内完成的核查 + 核查时限在期内到期仍未核查的任务'],
  checksOnTime: ['按时核查数', '期内在时限内完成的核查'],
  missed: ['漏报数', '期内核实属实的公众（非监督员）上报，位于监督员负责的监督网格'],
  filed: ['立案数', '期内立案；监督员为其监督网格内的立案，值班长为本人立案'],
  intake: ['受理量', '受理员/热线登记的上报 + 对新上报的首次处理（受理、不受理、派核实）'],
  verifyDispatchDue: ['应派核实(受理)数', '期内完成的受理环节（受理、不受理、派核实），按受理时限计时'],
  verifyDispatchedOnTime: ['按时派核实(受理)数', '期内在受理时限内完成的受理环节'],
  checkDispatchDue: ['应派核查数', '期内处置单位反馈办结后发出的核查任务'],
  checkDispatchedOnTime: ['按时派核查数', '在核查环节到期前发出的核查任务'],
  filingDue: ['应立案数', '期内完成的立案环节（立案或不予立案）+ 立案时限在期内到期仍未处理的（区域）'],
  filedOnTime: ['按时立案数', '期内在立案时限内完成的立案环节'],
  filedAccurate: ['准确立案数', '期内立案且之后未作废的案件'],
  dispatchDue: ['应派遣数', '期内派遣 + 派遣时限在期内到期仍未派遣的（区域）'],
  dispatched: ['派遣数', '期内派遣（含二级派遣）'],
  dispatchedOnTime: ['按时派遣数', '期内在派遣时限内完成的派遣'],
  sendBacks: ['回退数', '派遣员/区域：期内派遣后被批准回退的派遣；处置单位：期内批准的本单位回退'],
  disposalDue: [
    '应处置数',
    '期内反馈办结 + 处置时限在期内到期而期末未办结的（办结于期后或仍未办结；挂账案件按设置排除）',
  ],
  disposed: ['处置数', '期内反馈办结（返工后再次办结另计）'],
  disposedOnTime: ['按时处置数', '期内在处置时限（含批准延期）内反馈办结'],
  overduePending: ['超期未处置数', '处置时限在期内到期而期末仍未办结的'],
  closeDue: ['应结案数', '期内结案 + 处置时限在期内到期而期末未结案的；值班长为本人完成的结案环节'],
  closed: ['结案数', '期内结案（区域含监督员自行处置）'],
  closedOnTime: ['按期结案数', '期内结案且最后一次处置按时（自行处置视为按时）；值班长为结案环节按时'],
  suspended: ['挂账数', '应结案中目前处于挂账（缓办）状态的案件，按设置从结案率分母中扣除'],
  rework: ['返工数', '期内核查不通过或回访不满意重新派遣'],
  extensions: ['延期数', '期内批准的延期'],
  cancellations: ['作废数', '期内批准的作废'],
  urges: ['督办数', '期内督办'],
  visitsDue: ['应回访数', '（回访功能未启用）'],
  visited: ['回访数', '（回访功能未启用）'],
  satisfied: ['满意数', '（回访功能未启用）'],
  basicallySatisfied: ['基本满意数', '（回访功能未启用）'],
};

export const RATE_LABELS: Record<keyof EvaluationRates, [string, string]> = {
  validReport: ['有效上报率', '有效上报数 / 上报数'],
  onTimeVerify: ['按时核实率', '按时核实数 / 应核实数'],
  onTimeCheck: ['按时核查率', '按时核查数 / 应核查数'],
  missedReport: ['漏报率', '漏报数 / 立案数'],
  onTimeVerifyDispatch: ['按时派核实率', '按时派核实数 / 应派核实数'],
  onTimeCheckDispatch: ['按时派核查率', '按时派核查数 / 应派核查数'],
  onTimeFiling: ['按时立案率', '按时立案数 / 应立案数'],
  accurateFiling: ['准确立案率', '准确立案数 / 立案数'],
  onTimeDispatch: ['按时派遣率', '按时派遣数 / 应派遣数'],
  accurateDispatch: ['准确派遣率', '(派遣数 − 回退数) / 应派遣数'],
  disposal: ['处置率', '处置数 / 应处置数'],
  onTimeDisposal: ['按时处置率', '按时处置数 / 应处置数'],
  overduePending: ['超期未处置率', '超期未处置数 / 应处置数'],
  closing: ['结案率', '结案数 / (应结案数 − 挂账数)'],
  onTimeClosing: ['按期结案率', '按期结案数 / (应结案数 − 挂账数)'],
  rework: ['返工率', '返工数 / 应结案数'],
  extension: ['延期率', '延期数 / 应处置数'],
  returnVisit: ['回访率', '回访数 / 应回访数'],
  satisfaction: ['满意率', '(满意数 + 基本满意数) / 回访数'],
};

export const SUBJECT_LABELS: Record<EvaluationSubject, string> = {
  inspectors: '监督员',
  operators: '受理员',
  shift_leaders: '值班长',
  dispatchers: '派遣员',
  units: '专业部门',
  streets: '街道',
  districts: '区',
};

/** The report as a workbook: sheet 1 one row per subject, sheet 2 the definitions. */
export async function evaluationWorkbook(report: EvaluationReport, timeZone: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CityLoop';
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
  defs.addRow(['评价期间', '', `${local(report.from)} 至 ${local(report.to)}（不含）`]);
  defs.addRow([
    '权重',
    '',
    Object.entries(report.weights)
      .map(([k, v]) => `${k}: ${v}`)
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
