import { newWorkbook } from '../../ops/excel.js';
import type { CockpitItem, CockpitPeriod, CockpitReportDetail, CockpitTile } from '@cityloop/domain/api';

export type Lang = 'zh' | 'en';

/** The tiles' names in a report (the web app has the same in its messages). */
export const TILE_NAMES: Record<string, [string, string]> = {
  'cases.received': ['受理', 'Received'],
  'cases.valid': ['有效上报', 'Valid'],
  'cases.filed': ['立案', 'Filed'],
  'cases.closed': ['结案', 'Closed'],
  'cases.closingRate': ['结案率', 'Closing rate'],
  'cases.onTimeRate': ['按期处置率', 'On-time rate'],
  'cases.rework': ['返工', 'Rework'],
  'cases.extensions': ['延期', 'Extensions'],
  'cases.overdue': ['超期', 'Overdue'],
  'cases.sources': ['上报总量（按来源）', 'Reports (by source)'],
  'cases.categories': ['高发问题', 'Top problems'],
  'rank.districts': ['区综合评价平均分', 'District mean score'],
  'rank.units': ['部门综合评价平均分', 'Department mean score'],
  'assessment.districts': ['精细化考核平均分（区）', 'Assessment mean (districts)'],
  'assessment.units': ['精细化考核平均分（部门）', 'Assessment mean (departments)'],
  'hotline.volume': ['热线受理量', 'Hotline volume'],
  'visits.returnVisit': ['回访率', 'Return-visit rate'],
  'visits.satisfaction': ['满意率', 'Satisfaction'],
  'utilities.online': ['设备在线率', 'Devices online'],
  'utilities.waterOutput': ['供水出厂流量', 'Water output'],
  'utilities.waterPressure': ['管网平均压力', 'Mean network pressure'],
  'utilities.heatingSupply': ['二次供水温度', 'Heating supply temp.'],
  'utilities.ponding': ['积水点', 'Ponding points'],
  'alarms.active': ['活动报警', 'Active alarms'],
  'alarms.raised': ['新增报警', 'Alarms raised'],
  'emergency.level': ['应急响应等级', 'Emergency response'],
  'emergency.tasks': ['未完成应急任务', 'Open emergency tasks'],
  'networks.renovation': ['待改造管网', 'Mains to renew'],
  'projects.milestones': ['完成项目节点', 'Milestones done'],
  'sanitation.coverage': ['机扫率', 'Machine sweeping'],
  'committee.campaigns': ['城管委专项行动', 'Committee campaigns'],
  'contracts.performance': ['作业合同履约', 'Service contracts'],
};
const UNITS: Record<CockpitTile['unit'], string> = {
  count: '',
  rate: '%',
  km: ' km',
  m3h: ' m³/h',
  mpa: ' MPa',
  celsius: ' °C',
  score: '',
  level: '',
  percent: '%',
};
const LEVELS = ['—', 'IV', 'III', 'II', 'I'];

const T = {
  zh: {
    figure: '指标',
    value: '本期',
    previous: '上期',
    lastYear: '去年同期',
    change: '环比',
    changeYear: '同比',
    module: '来源模块',
    missing: '模块未接入',
    figures: '一、主要指标',
    districts: '二、各区综合评价排名',
    units: '三、专业部门排名（后十名）',
    worst: '四、排名靠后单位及其超期案件',
    alarms: '五、报警与应急',
    sources: '案件来源',
    categories: '高发问题',
    rank: '名次',
    name: '单位',
    score: '得分',
    overdue: '超期',
    closing: '结案率',
    onTime: '按期处置率',
    received: '受理量',
    code: '案件编号',
    description: '问题描述',
    state: '状态',
    level: '应急响应',
    tasks: '未完成任务',
    activeAlarms: '活动报警',
    none: '无',
    period: { day: '日报', month: '月报', year: '年报' },
    generated: '生成时间',
    partial: '（统计期未结束，数据截至生成时）',
  },
  en: {
    figure: 'Figure',
    value: 'This period',
    previous: 'Previous',
    lastYear: 'Last year',
    change: 'Change',
    changeYear: 'Year on year',
    module: 'Module',
    missing: 'module not installed',
    figures: '1. Key figures',
    districts: '2. District ranking (evaluation)',
    units: '3. Department ranking (bottom ten)',
    worst: '4. Worst-performing units and their overdue cases',
    alarms: '5. Alarms and emergencies',
    sources: 'Sources',
    categories: 'Top problems',
    rank: 'Rank',
    name: 'Unit',
    score: 'Score',
    overdue: 'Overdue',
    closing: 'Closing rate',
    onTime: 'On-time rate',
    received: 'Received',
    code: 'Case',
    description: 'Problem',
    state: 'State',
    level: 'Emergency response',
    tasks: 'Open tasks',
    activeAlarms: 'Active alarms',
    none: 'None',
    period: { day: 'daily report', month: 'monthly report', year: 'annual report' },
    generated: 'Made',
    partial: '(the period has not ended: figures as of the time made)',
  },
};

/** What a report is called: 2026年11月 领导月报 / Leaders’ monthly report, 2026-11. */
export function reportTitle(period: CockpitPeriod, day: string): { zh: string; en: string } {
  const [y, m] = day.split('-');
  const when =
    period === 'day'
      ? { zh: day, en: day }
      : period === 'month'
        ? { zh: `${y}年${Number(m)}月`, en: `${y}-${m}` }
        : { zh: `${y}年`, en: `${y}` };
  return { zh: `${when.zh} 领导${T.zh.period[period]}`, en: `Leaders’ ${T.en.period[period]}, ${when.en}` };
}

export function fmt(v: number | null | undefined, unit: CockpitTile['unit']): string {
  if (v === null || v === undefined) return '—';
  if (unit === 'rate') return `${(v * 100).toFixed(1)}%`;
  if (unit === 'level') return LEVELS[v] ?? String(v);
  if (unit === 'count') return String(Math.round(v));
  if (unit === 'mpa') return `${v.toFixed(3)}${UNITS[unit]}`;
  return `${Math.round(v * 10) / 10}${UNITS[unit]}`;
}
function fmtChange(v: number | null, unit: CockpitTile['unit']): string {
  if (v === null) return '';
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  return unit === 'rate' ? `${sign}${(Math.abs(v) * 100).toFixed(1)}pp` : `${sign}${fmt(Math.abs(v), unit)}`;
}

const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const tileName = (key: string, lang: Lang) => TILE_NAMES[key]?.[lang === 'zh' ? 0 : 1] ?? key;
const itemName = (i: CockpitItem, lang: Lang) => (lang === 'en' ? (i.nameEn ?? i.name) : i.name);

/** A horizontal bar chart as inline SVG (the PDF loads nothing from outside). */
function bars(items: CockpitItem[], lang: Lang, scale = 1, suffix = ''): string {
  const shown = items.filter((i) => i.value !== null).slice(0, 12);
  if (!shown.length) return '';
  const max = Math.max(...shown.map((i) => (i.value ?? 0) * scale), 1e-9);
  const row = 20;
  const h = shown.length * row + 6;
  const body = shown
    .map((i, n) => {
      const v = (i.value ?? 0) * scale;
      const w = Math.max(1, (v / max) * 330);
      const y = n * row + 4;
      return `<text x="150" y="${y + 13}" text-anchor="end" font-size="11">${esc(itemName(i, lang)).slice(0, 24)}</text>
<rect x="156" y="${y + 2}" width="${w.toFixed(1)}" height="13" fill="#2f7fd0" rx="2"/>
<text x="${(160 + w).toFixed(1)}" y="${y + 13}" font-size="10" fill="#333">${esc(Math.round(v * 10) / 10)}${suffix}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="${h}" viewBox="0 0 560 ${h}">${body}</svg>`;
}

/** The report as one HTML document (printed to PDF by Chromium: ops/pdf.ts). */
export function reportHtml(d: CockpitReportDetail, lang: Lang, timeText: (iso: string) => string): string {
  const t = T[lang];
  const title = lang === 'zh' ? d.report.title : d.report.titleEn;
  const tiles = new Map(d.data.tiles.map((x) => [x.key, x]));
  const figureRows = d.data.tiles
    .filter((x) => x.key !== 'cases.categories')
    .map(
      (x) =>
        `<tr><td>${esc(tileName(x.key, lang))}</td>${
          x.status === 'ok'
            ? `<td class="n" data-key="${esc(x.key)}">${esc(fmt(x.value, x.unit))}</td><td class="n">${esc(fmt(x.previous, x.unit))}</td><td class="n">${esc(fmtChange(x.change, x.unit))}</td><td class="n">${esc(fmt(x.lastYear, x.unit))}</td><td class="n">${esc(fmtChange(x.changeLastYear, x.unit))}</td>`
            : `<td colspan="5" class="muted">${esc(t.missing)}</td>`
        }<td class="muted">${esc(x.module)}</td></tr>`,
    )
    .join('');
  const districts = tiles.get('rank.districts');
  const districtRows = (districts?.items ?? [])
    .map(
      (i) =>
        `<tr><td class="n">${esc(i.rank ?? '—')}</td><td>${esc(itemName(i, lang))}</td><td class="n">${esc(fmt(i.value, 'score'))}</td><td class="n">${esc(i.extra?.received ?? 0)}</td><td class="n">${esc(fmt(i.extra?.closing as number | null, 'rate'))}</td><td class="n">${esc(fmt(i.extra?.onTime as number | null, 'rate'))}</td><td class="n bad">${esc(i.extra?.overdue ?? 0)}</td></tr>`,
    )
    .join('');
  const units = tiles.get('rank.units');
  const unitRows = [...(units?.items ?? [])]
    .filter((i) => i.value !== null)
    .sort((a, b) => (a.value ?? 0) - (b.value ?? 0))
    .slice(0, 10)
    .map(
      (i) =>
        `<tr><td class="n">${esc(i.rank ?? '—')}</td><td>${esc(itemName(i, lang))}</td><td class="n">${esc(fmt(i.value, 'score'))}</td><td class="n">${esc(i.extra?.received ?? 0)}</td><td class="n">${esc(fmt(i.extra?.closing as number | null, 'rate'))}</td><td class="n">${esc(fmt(i.extra?.onTime as number | null, 'rate'))}</td><td class="n bad">${esc(i.extra?.overdue ?? 0)}</td></tr>`,
    )
    .join('');
  const worst = d.worst
    .map(
      (w) => `<h3>${esc(lang === 'en' ? (w.nameEn ?? w.name) : w.name)} · ${esc(t.overdue)} ${w.overdue}</h3>
${
  w.cases.length
    ? `<table><tr><th>${t.code}</th><th>${t.description}</th><th>${t.state}</th></tr>${w.cases
        .map((c) => `<tr><td>${esc(c.code)}</td><td>${esc(c.description)}</td><td>${esc(c.state)}</td></tr>`)
        .join('')}</table>`
    : `<p class="muted">${t.none}</p>`
}`,
    )
    .join('');
  const alarms = tiles.get('alarms.active');
  const level = tiles.get('emergency.level');
  const tasks = tiles.get('emergency.tasks');
  const header = `<tr><th>${t.rank}</th><th>${t.name}</th><th>${t.score}</th><th>${t.received}</th><th>${t.closing}</th><th>${t.onTime}</th><th>${t.overdue}</th></tr>`;
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei",sans-serif;font-size:11px;color:#1c2b3d}
h1{font-size:20px;margin:0 0 4px;color:#154677}h2{font-size:14px;margin:16px 0 6px;border-left:4px solid #2f7fd0;padding-left:6px}
h3{font-size:12px;margin:10px 0 4px}table{border-collapse:collapse;width:100%;margin-bottom:6px}
th,td{border:1px solid #cfdbea;padding:3px 5px;text-align:left}th{background:#eef3f9}.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#7a8ca3}.bad{color:#c0392b;font-weight:600}.two{display:flex;gap:12px}.two>div{flex:1}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="muted">${esc(d.data.from.slice(0, 10))} — ${esc(t.generated)} ${esc(timeText(d.report.createdAt))} ${d.data.partial ? esc(t.partial) : ''}</p>
<h2>${t.figures}</h2>
<table data-testid="figures"><tr><th>${t.figure}</th><th>${t.value}</th><th>${t.previous}</th><th>${t.change}</th><th>${t.lastYear}</th><th>${t.changeYear}</th><th>${t.module}</th></tr>${figureRows}</table>
<div class="two"><div><h3>${t.sources}</h3>${bars(tiles.get('cases.sources')?.items ?? [], lang)}</div>
<div><h3>${t.categories}</h3>${bars(tiles.get('cases.categories')?.items ?? [], lang)}</div></div>
<h2>${t.districts}</h2>
${districts?.status === 'ok' ? `<table>${header}${districtRows}</table>${bars(districts.items, lang)}` : `<p class="muted">${t.missing}</p>`}
<h2>${t.units}</h2>
${units?.status === 'ok' ? `<table>${header}${unitRows}</table>` : `<p class="muted">${t.missing}</p>`}
<h2>${t.worst}</h2>
${worst || `<p class="muted">${t.none}</p>`}
<h2>${t.alarms}</h2>
<p>${t.activeAlarms}: ${esc(alarms?.status === 'ok' ? fmt(alarms.value, 'count') : t.missing)} · ${t.level}: ${esc(level?.status === 'ok' ? fmt(level.value, 'level') : t.missing)} · ${t.tasks}: ${esc(tasks?.status === 'ok' ? fmt(tasks.value, 'count') : t.missing)}</p>
${alarms?.status === 'ok' ? bars(alarms.items, lang) : ''}
${
  level?.status === 'ok'
    ? `<table><tr><th>${t.level}</th><th></th></tr>${level.items
        .map(
          (i) =>
            `<tr><td>${esc(itemName(i, lang))}</td><td>${esc(i.extra?.level ?? i.extra?.colour ?? '—')}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${
  tasks?.status === 'ok' && tasks.items.length
    ? `<table><tr><th>${t.tasks}</th><th></th></tr>${tasks.items
        .slice(0, 20)
        .map((i) => `<tr><td>${esc(itemName(i, lang))}</td><td>${esc(i.extra?.department ?? '')}</td></tr>`)
        .join('')}</table>`
    : ''
}
</body></html>`;
}

/** The report as an Excel workbook: figures, district and unit rankings, the worst units' overdue cases. */
export async function reportWorkbook(d: CockpitReportDetail, lang: Lang): Promise<Buffer> {
  const t = T[lang];
  const wb = await newWorkbook();
  const figures = wb.addWorksheet(lang === 'zh' ? '主要指标' : 'Figures');
  figures.columns = [
    { header: t.figure, key: 'name', width: 28 },
    { header: t.value, key: 'value', width: 14 },
    { header: t.previous, key: 'previous', width: 14 },
    { header: t.change, key: 'change', width: 14 },
    { header: t.lastYear, key: 'lastYear', width: 14 },
    { header: t.changeYear, key: 'changeYear', width: 14 },
    { header: t.module, key: 'module', width: 14 },
    { header: 'key', key: 'key', width: 24 },
  ];
  for (const x of d.data.tiles)
    figures.addRow({
      name: tileName(x.key, lang),
      value: x.status === 'ok' ? x.value : t.missing,
      previous: x.previous,
      change: x.change,
      lastYear: x.lastYear,
      changeYear: x.changeLastYear,
      module: x.module,
      key: x.key,
    });
  figures.getRow(1).font = { bold: true };
  for (const [key, sheet] of [
    ['rank.districts', lang === 'zh' ? '各区排名' : 'Districts'],
    ['rank.units', lang === 'zh' ? '部门排名' : 'Departments'],
    ['cases.sources', lang === 'zh' ? '案件来源' : 'Sources'],
    ['cases.categories', lang === 'zh' ? '高发问题' : 'Top problems'],
    ['alarms.active', lang === 'zh' ? '活动报警' : 'Active alarms'],
  ] as const) {
    const x = d.data.tiles.find((y) => y.key === key);
    if (!x || x.status !== 'ok') continue;
    const ws = wb.addWorksheet(sheet);
    ws.columns = [
      { header: t.rank, key: 'rank', width: 8 },
      { header: t.name, key: 'name', width: 30 },
      { header: t.value, key: 'value', width: 14 },
      { header: t.previous, key: 'previous', width: 14 },
      { header: t.overdue, key: 'overdue', width: 10 },
    ];
    for (const i of x.items)
      ws.addRow({
        rank: i.rank ?? null,
        name: itemName(i, lang),
        value: i.value,
        previous: i.previous ?? null,
        overdue: i.extra?.overdue ?? null,
      });
    ws.getRow(1).font = { bold: true };
  }
  const worst = wb.addWorksheet(lang === 'zh' ? '排名靠后单位超期案件' : 'Worst units');
  worst.columns = [
    { header: t.name, key: 'name', width: 28 },
    { header: t.code, key: 'code', width: 20 },
    { header: t.description, key: 'description', width: 40 },
    { header: t.state, key: 'state', width: 14 },
  ];
  for (const w of d.worst)
    for (const c of w.cases.length ? w.cases : [null])
      worst.addRow({
        name: lang === 'en' ? (w.nameEn ?? w.name) : w.name,
        code: c?.code ?? '',
        description: c?.description ?? '',
        state: c?.state ?? '',
      });
  worst.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
