import type { EmergencyReport } from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import { htmlToPdf } from '../../ops/pdf.js';
import type { EmergencyPondingLog } from './emergency.ponding.js';
import type { EmergencyResources } from './emergency.resources.js';
import { reportText, signalWords, type ReportLang } from './emergency.reportText.js';
import type { EmergencyService } from './emergency.service.js';
import type { EmergencySnowOps } from './emergency.snow.js';

/** The whole after-action report: the response's own record, ponding, snow targets and materials. */
export async function fullReport(
  ctx: {
    emergency: EmergencyService;
    ponding: EmergencyPondingLog;
    snow: EmergencySnowOps;
    resources: EmergencyResources;
  },
  id: number,
  actor: Actor,
): Promise<EmergencyReport> {
  const base = await ctx.emergency.report(id, actor);
  const r = base.response;
  const window = { from: new Date(r.startedAt), to: r.endedAt ? new Date(r.endedAt) : null };
  const [ponding, snow, materials] = await Promise.all([
    r.hazard === 'snow' ? Promise.resolve([]) : ctx.ponding.list(window),
    r.hazard === 'snow'
      ? ctx.snow.forReport(actor, { id: r.id, endedAt: r.endedAt })
      : Promise.resolve({ segments: [], snowTargets: [] }),
    ctx.resources.materialUses(id),
  ]);
  return { ...base, ponding, ...snow, materials };
}

const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** An event's details in words: levels, whom, what (never a raw code the reader cannot read). */
function eventDetail(lang: ReportLang, e: EmergencyReport['timeline'][number]): string {
  const w = reportText(lang);
  const d = e.data;
  const parts: string[] = [];
  const pick = (zh: unknown, en: unknown) => String(lang === 'en' && typeof en === 'string' ? en : zh);
  if (typeof d.target === 'string')
    parts.push(typeof d.targetName === 'string' ? pick(d.targetName, d.targetNameEn) : d.target);
  if (typeof d.title === 'string') parts.push(pick(d.title, d.titleEn));
  if (typeof d.segment === 'string') parts.push(pick(d.segment, d.segmentEn));
  if (typeof d.stage === 'string') parts.push(w.stages[d.stage] ?? d.stage);
  if (typeof d.code === 'string') parts.push(signalWords(lang, d.code));
  if (typeof d.material === 'string')
    parts.push(`${w.materialNames[d.material] ?? d.material} ${String(d.quantity)}`);
  if (typeof d.deviceId === 'string') parts.push(d.deviceId);
  return parts.join(' · ');
}

/** The report as one HTML document (inline styles, no scripts): what the PDF prints. */
export function reportHtml(r: EmergencyReport, lang: ReportLang, timeZone: string): string {
  const w = reportText(lang);
  const t = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(w.locale, { timeZone, hour12: false }) : '—';
  const table = (head: string[], rows: unknown[][]) =>
    rows.length === 0
      ? `<p class="none">${esc(w.none)}</p>`
      : `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
          .map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  const name = (zh: string | null, en: string | null) => (lang === 'en' && en ? en : (zh ?? ''));
  const res = r.response;
  const acked = r.callouts.filter((c) => c.ackedAt).length;
  const done = r.tasks.filter((x) => x.state === 'done').length;
  const verdict = (met: boolean | null) => (met === null ? w.lasting : met ? w.met : w.missed);
  const sections = [
    `<h1>${esc(w.title)}</h1>`,
    `<h2>${esc(w.summary)}</h2>`,
    table(
      [w.hazard, w.level, w.started, w.ended, w.signedBy, w.callouts, w.tasks],
      [
        [
          w.hazards[res.hazard] ?? res.hazard,
          res.level,
          t(res.startedAt),
          res.endedAt ? t(res.endedAt) : w.inForce,
          res.signedBy,
          w.calloutsLine(acked, r.callouts.length),
          w.tasksLine(done, r.tasks.length),
        ],
      ],
    ),
    `<h2>${esc(w.timeline)}</h2>`,
    table(
      [w.time, w.event, w.from, w.to, w.who, '', w.reason],
      r.timeline.map((e) => [
        t(e.at),
        w.kinds[e.kind] ?? e.kind,
        e.fromLevel ?? '',
        e.toLevel ?? '',
        e.actorName.startsWith('system') ? (lang === 'en' ? 'system' : '系统') : e.actorName,
        eventDetail(lang, e),
        e.reason ?? '',
      ]),
    ),
    `<h2>${esc(w.callouts)}</h2>`,
    table(
      [w.target, w.kind, w.level, w.calledAt, w.ackedAt, w.minutes, w.escalated],
      r.callouts.map((c) => [
        name(c.targetName, c.targetNameEn),
        w.targetKinds[c.targetKind] ?? c.targetKind,
        c.level,
        t(c.calledAt),
        c.ackedAt ? `${t(c.ackedAt)} ${c.ackedBy ?? ''}` : '—',
        c.minutesToAck ?? '—',
        c.escalatedAt ? w.yes : '',
      ]),
    ),
    `<h2>${esc(w.tasks)}</h2>`,
    table(
      [w.department, w.kind, w.task, w.state, w.created, w.done, w.minutes],
      r.tasks.map((x) => [
        name(x.departmentName ?? x.department, x.departmentNameEn),
        w.taskKinds[x.kind] ?? x.kind,
        lang === 'en' ? x.titleEn : x.title,
        w.taskStates[x.state] ?? x.state,
        t(x.createdAt),
        t(x.doneAt),
        x.minutesToDone ?? '—',
      ]),
    ),
    `<h2>${esc(w.peaks)}</h2>`,
    table(
      [w.device, w.kind, w.value],
      r.peaks.map((p) => [p.deviceId, w.peakKinds[p.kind] ?? p.kind, p.value]),
    ),
  ];
  if (res.hazard !== 'snow')
    sections.push(
      `<h2>${esc(w.ponding)}</h2>`,
      table(
        [w.point, w.kind, w.start, w.end, w.duration, w.peakCm, w.targetMet],
        r.ponding.map((p) => [
          p.name ? `${p.name} (${p.deviceId})` : p.deviceId,
          w.source[p.source] ?? p.source,
          t(p.startedAt),
          p.endedAt ? t(p.endedAt) : w.lasting,
          p.minutes,
          p.peakCm ?? '—',
          `${verdict(p.met)} (≤ ${p.targetMin})`,
        ]),
      ),
    );
  else
    sections.push(
      `<h2>${esc(w.snow)}</h2>`,
      table(
        [w.roadClass, w.stage, w.met, w.missed],
        r.snowTargets.map((s) => [s.roadClass, w.stages[s.stage] ?? s.stage, s.met, s.missed]),
      ),
      `<h2>${esc(w.segments)}</h2>`,
      table(
        [w.segment, w.roadClass, w.crew, w.passableAt, w.cleanAt],
        r.segments.map((s) => [
          name(s.name, s.nameEn),
          s.roadClass,
          name(s.teamName, s.teamNameEn),
          s.passableAt
            ? `${t(s.passableAt)} (${s.passableBy && s.passableAt <= s.passableBy ? w.met : w.missed})`
            : '—',
          s.cleanAt ? `${t(s.cleanAt)} (${s.cleanBy && s.cleanAt <= s.cleanBy ? w.met : w.missed})` : '—',
        ]),
      ),
    );
  sections.push(
    `<h2>${esc(w.materials)}</h2>`,
    table(
      [w.time, w.depot, w.material, w.quantity, w.who],
      r.materials.map((m) => [
        t(m.at),
        m.depot,
        w.materialNames[m.material] ?? m.material,
        m.quantity,
        m.usedBy,
      ]),
    ),
  );
  return `<!doctype html><html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><style>
body{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;font-size:10px;color:#222}
h1{font-size:18px;margin:0 0 8px}h2{font-size:13px;margin:14px 0 4px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:2px 4px;text-align:left;vertical-align:top}
th{background:#f0f3f7}.none{color:#888}
</style></head><body>${sections.join('\n')}</body></html>`;
}

export async function reportPdf(r: EmergencyReport, lang: ReportLang, timeZone: string): Promise<Buffer> {
  const w = reportText(lang);
  return htmlToPdf(reportHtml(r, lang, timeZone), {
    landscape: true,
    footer: `${w.title} · ${w.hazards[r.response.hazard] ?? r.response.hazard} #${r.response.id}`,
  });
}
