import type { BulletinResponse, RollupResponse, ScoreRow } from '@cityloop/domain/api';
import { htmlText as esc } from '../../ops/pdf.js';

/**
 * The assessment's printed reports (考核通报), as HTML for `htmlToPdf`: the month's bulletin
 * (ranking, change, the worst findings with their photos) and a quarter's or a year's roll-up.
 * Everything is inline: the photos come as data URLs, read by the caller.
 */
export type Lang = 'zh' | 'en';

const T = {
  zh: {
    level: { district: '区', street: '街道', unit: '单位' },
    levelRanking: { district: '区排名', street: '街道排名', unit: '单位排名' },
    monthTitle: (m: string) => `${m} 精细化管理考核通报`,
    rollupTitle: (p: string) => `${p} 精细化管理考核${p.includes('Q') ? '季度' : '年度'}通报`,
    month: (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`,
    monthShort: (m: string) => `${Number(m.slice(5, 7))}月`,
    period: (p: string) => (p.includes('-Q') ? `${p.slice(0, 4)}年第${p.slice(-1)}季度` : `${p}年`),
    version: (v: string) => `细则版本 ${v}`,
    weights: (c: number, k: number) => `细则 ${c}，案件评价 ${k}`,
    closed: '已关账发布',
    partial: '本月未结束，为当前数据',
    open: '未关账',
    published: '各月均已关账，结果已发布',
    unpublished: '尚有月份未关账，为当前数据',
    lead: (t: BulletinResponse['totals']) =>
      `本月共发现问题 ${t.findings} 个，转为案件 ${t.cases} 件，复查通过 ${t.fixed} 个，申诉 ${t.disputes} 个。`,
    rollupLead: (n: number, all: number) =>
      `按各月得分的平均值排名（每月权重相同），已计入 ${n} 个月，共 ${all} 个月。`,
    rank: '排名',
    score: '总分',
    mean: '平均分',
    grade: '等级',
    catalogueScore: '细则得分',
    caseScore: '案件评价',
    bonus: '重点工作',
    findings: '问题数',
    change: '较上月',
    changePeriod: '较上期',
    worst: '突出问题',
    up: (n: number) => `上升 ${n} 位`,
    down: (n: number) => `下降 ${n} 位`,
    same: '持平',
    legend: '等级：A ≥ 95（优秀） B ≥ 90（良好） C ≥ 80（一般） D < 80（较差）',
    severity: { minor: '轻微', normal: '一般', serious: '严重' },
    noWorst: '本月无扣分',
  },
  en: {
    level: { district: 'District', street: 'Street', unit: 'Unit' },
    levelRanking: { district: 'Districts', street: 'Streets', unit: 'Units' },
    monthTitle: (m: string) => `Fine-grained management assessment — ${m}`,
    rollupTitle: (p: string) =>
      `Fine-grained management assessment — ${p.includes('Q') ? 'quarterly' : 'annual'} bulletin ${p}`,
    month: (m: string) =>
      new Date(`${m}-01T00:00:00Z`).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
    monthShort: (m: string) =>
      new Date(`${m}-01T00:00:00Z`).toLocaleString('en', { month: 'short', timeZone: 'UTC' }),
    period: (p: string) => (p.includes('-Q') ? `Q${p.slice(-1)} ${p.slice(0, 4)}` : p),
    version: (v: string) => `Catalogue ${v}`,
    weights: (c: number, k: number) => `catalogue ${c}, case loop ${k}`,
    closed: 'closed and published',
    partial: 'month not over: current figures',
    open: 'open',
    published: 'every month closed: the results are published',
    unpublished: 'some months still open: current figures',
    lead: (t: BulletinResponse['totals']) =>
      `This month: ${t.findings} findings, ${t.cases} turned into cases, ${t.fixed} fixes passed re-inspection, ${t.disputes} disputes.`,
    rollupLead: (n: number, all: number) =>
      `Ranked by the mean of the monthly scores (each month weighs the same); ${n} of ${all} months counted.`,
    rank: 'Rank',
    score: 'Score',
    mean: 'Mean',
    grade: 'Grade',
    catalogueScore: 'Catalogue',
    caseScore: 'Case loop',
    bonus: 'Focus',
    findings: 'Findings',
    change: 'vs last month',
    changePeriod: 'vs last period',
    worst: 'Worst findings',
    up: (n: number) => `up ${n}`,
    down: (n: number) => `down ${n}`,
    same: 'same',
    legend: 'Grades: A ≥ 95 (excellent), B ≥ 90 (good), C ≥ 80 (fair), D < 80 (poor)',
    severity: { minor: 'minor', normal: 'normal', serious: 'serious' },
    noWorst: 'No deductions this month',
  },
} as const;

const PLACE_EN: Record<string, string> = {
  road: 'Road',
  back_street: 'Back street',
  compound: 'Compound',
  market: 'Market',
  public_toilet: 'Public toilet',
  transfer_station: 'Transfer station',
  park: 'Park',
  construction_site: 'Construction site',
  square: 'Square',
  waterway: 'Waterway',
  utility_station: 'Utility station',
};
const PLACE_ZH: Record<string, string> = {
  road: '道路',
  back_street: '背街小巷',
  compound: '小区',
  market: '农贸市场',
  public_toilet: '公厕',
  transfer_station: '垃圾转运站',
  park: '公园',
  construction_site: '建筑工地',
  square: '广场',
  waterway: '河道',
  utility_station: '公用事业场站',
};

const STYLE = `<style>
body{font-family:"Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei",sans-serif;font-size:11px;color:#1c2b3d;margin:0}
h1{text-align:center;color:#b3261e;font-size:20px;margin:0 0 6px}
.meta{text-align:center;color:#606266;font-size:11px;margin:0 0 8px}
h2{font-size:14px;border-left:4px solid #b3261e;padding-left:8px;margin:14px 0 6px}
table{width:100%;border-collapse:collapse}
th,td{border:1px solid #dcdfe6;padding:3px 6px;text-align:center}
th{background:#f5f7fa}
td.name{text-align:left;white-space:nowrap}
tr{page-break-inside:avoid}
.grade{display:inline-block;min-width:20px;color:#fff;border-radius:3px;font-weight:600}
.up{color:#2e9d5b}.down{color:#d64545}.muted{color:#888}
.worst{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}
figure{margin:0;border:1px solid #ebeef5;border-radius:4px;overflow:hidden;page-break-inside:avoid}
figure img,.nophoto{width:100%;height:100px;object-fit:cover;display:block;background:#f2f3f5}
figcaption{padding:4px 6px}
</style>`;

const doc = (lang: Lang, title: string, body: string) =>
  `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(title)}</title>${STYLE}</head><body>${body}</body></html>`;

const nameOf = (r: { name: string; nameEn: string | null }, lang: Lang) =>
  esc(lang === 'en' && r.nameEn ? r.nameEn : r.name);
const grade = (r: { grade: string; colour: string }) =>
  `<span class="grade" style="background:${esc(r.colour)}">${esc(r.grade)}</span>`;

function change(t: (typeof T)[Lang], rank: number, previousRank: number | null): string {
  if (previousRank === null) return '<span class="muted">—</span>';
  const d = previousRank - rank;
  return d > 0
    ? `<span class="up">↑ ${esc(t.up(d))}</span>`
    : d < 0
      ? `<span class="down">↓ ${esc(t.down(-d))}</span>`
      : esc(t.same);
}

/** The month's bulletin; `photos` maps a finding's photo id to a data URL (missing ones show none). */
export function bulletinHtml(b: BulletinResponse, lang: Lang, photos: ReadonlyMap<string, string>): string {
  const t = T[lang];
  const s = b.scores;
  const title = t.monthTitle(t.month(s.month));
  const row = (r: ScoreRow) =>
    `<tr><td>${r.rank}</td><td class="name">${nameOf(r, lang)}</td><td><b>${r.score.toFixed(2)}</b></td><td>${grade(r)}</td><td>${r.catalogueScore.toFixed(2)}</td><td>${r.caseScore === null ? '—' : r.caseScore.toFixed(1)}</td><td>${r.bonus}</td><td>${r.findings}</td><td>${change(t, r.rank, r.previousRank)}</td></tr>`;
  const worst = b.worst.length
    ? `<div class="worst">${b.worst
        .map((f) => {
          const src = f.photoId ? photos.get(f.photoId) : undefined;
          const place = f.placeName ?? (lang === 'en' ? PLACE_EN : PLACE_ZH)[f.placeKind] ?? f.placeKind;
          return `<figure>${src ? `<img src="${src}" alt="">` : '<div class="nophoto"></div>'}<figcaption><b>−${f.deduction}</b> ${esc(lang === 'en' ? f.aspectNameEn : f.aspectName)}<div class="muted">${esc(place)} · ${esc(f.streetName)} · ${esc(t.severity[f.severity])}${f.caseCode ? ` · ${esc(f.caseCode)}` : ''}</div></figcaption></figure>`;
        })
        .join('')}</div>`
    : `<p class="muted">${esc(t.noWorst)}</p>`;
  return doc(
    lang,
    title,
    `<h1>${esc(title)}</h1>
<p class="meta">${esc(t.version(s.version))} · ${esc(t.weights(s.weights.catalogue, s.weights.caseLoop))} · ${esc(s.closed ? t.closed : s.partial ? t.partial : t.open)}</p>
<p>${esc(t.lead(b.totals))}</p>
<h2>${esc(t.levelRanking[s.level])}</h2>
<table><thead><tr><th>${t.rank}</th><th>${t.level[s.level]}</th><th>${t.score}</th><th>${t.grade}</th><th>${t.catalogueScore}</th><th>${t.caseScore}</th><th>${t.bonus}</th><th>${t.findings}</th><th>${t.change}</th></tr></thead>
<tbody>${s.rows.map(row).join('')}</tbody></table>
<p class="muted">${esc(t.legend)}</p>
<h2>${esc(t.worst)}</h2>${worst}`,
  );
}

/** A quarter's or a year's roll-up: the mean score, rank and grade, each month's score and rank. */
export function rollupHtml(r: RollupResponse, lang: Lang): string {
  const t = T[lang];
  const title = t.rollupTitle(t.period(r.period));
  const monthHead = r.rows[0]?.months.map((m) => `<th>${esc(t.monthShort(m.month))}</th>`).join('') ?? '';
  const rows = r.rows
    .map(
      (x) =>
        `<tr><td>${x.rank}</td><td class="name">${nameOf(x, lang)}</td><td><b>${x.score.toFixed(2)}</b></td><td>${grade(x)}</td>${x.months
          .map(
            (m) =>
              `<td>${m.score === null ? '—' : `${m.score.toFixed(2)} <span class="muted">(${m.rank})</span>`}</td>`,
          )
          .join('')}<td>${x.findings}</td><td>${change(t, x.rank, x.previousRank)}</td></tr>`,
    )
    .join('');
  return doc(
    lang,
    title,
    `<h1>${esc(title)}</h1>
<p class="meta">${r.months
      .map((m) => esc(t.version(m.version)))
      .filter((v, i, a) => a.indexOf(v) === i)
      .join(' · ')} · ${esc(r.published ? t.published : t.unpublished)}</p>
<p>${esc(t.rollupLead(r.months.length, r.kind === 'year' ? 12 : 3))}</p>
<h2>${esc(t.levelRanking[r.level])}</h2>
<table><thead><tr><th>${t.rank}</th><th>${t.level[r.level]}</th><th>${t.mean}</th><th>${t.grade}</th>${monthHead}<th>${t.findings}</th><th>${t.changePeriod}</th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="muted">${esc(t.legend)}</p>`,
  );
}

/** The PDF's file name and the footer's title. */
export function reportTitle(kind: 'month' | 'rollup', key: string, lang: Lang): string {
  const t = T[lang];
  return kind === 'month' ? t.monthTitle(t.month(key)) : t.rollupTitle(t.period(key));
}
