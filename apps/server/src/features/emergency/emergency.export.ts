import type ExcelJS from 'exceljs';
import { newWorkbook } from '../../ops/excel.js';
import type { EmergencyReport } from '@cityloop/domain/api';
import { reportText, signalWords, type ReportLang } from './emergency.reportText.js';

/** The after-action report as a workbook: summary, timeline, call-outs, tasks, peaks, ponding, snow, materials. */
export async function reportWorkbook(
  r: EmergencyReport,
  timeZone: string,
  lang: ReportLang = 'zh',
): Promise<Buffer> {
  const w = reportText(lang);
  const wb = await newWorkbook();
  const local = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(w.locale, { timeZone, hour12: false }) : '';
  const bold = (row: ExcelJS.Row) => void (row.font = { bold: true });
  const name = (zh: string | null, en: string | null) => (lang === 'en' && en ? en : (zh ?? ''));

  const s = wb.addWorksheet(w.summary);
  s.addRow([w.hazard, w.hazards[r.response.hazard] ?? r.response.hazard]);
  s.addRow([w.level, r.response.level]);
  s.addRow([w.started, local(r.response.startedAt)]);
  s.addRow([w.ended, local(r.response.endedAt)]);
  s.addRow([w.signedBy, r.response.signedBy]);
  s.addRow([w.callouts, w.calloutsLine(r.callouts.filter((c) => c.ackedAt).length, r.callouts.length)]);
  s.addRow([w.tasks, w.tasksLine(r.tasks.filter((t) => t.state === 'done').length, r.tasks.length)]);
  s.getColumn(1).width = 22;
  s.getColumn(2).width = 40;

  const tl = wb.addWorksheet(w.timeline);
  bold(tl.addRow([w.time, w.event, w.from, w.to, w.who, '', w.reason]));
  for (const e of r.timeline)
    tl.addRow([
      local(e.at),
      w.kinds[e.kind] ?? e.kind,
      e.fromLevel ?? '',
      e.toLevel ?? '',
      e.actorName,
      typeof e.data.code === 'string' ? signalWords(lang, e.data.code) : '',
      e.reason ?? '',
    ]);
  tl.getColumn(1).width = 22;
  tl.getColumn(2).width = 22;

  const co = wb.addWorksheet(w.callouts);
  bold(co.addRow([w.target, w.kind, w.level, w.calledAt, w.ackedAt, w.who, w.minutes, w.escalated]));
  for (const c of r.callouts)
    co.addRow([
      name(c.targetName, c.targetNameEn),
      w.targetKinds[c.targetKind] ?? c.targetKind,
      c.level,
      local(c.calledAt),
      local(c.ackedAt),
      c.ackedBy ?? '',
      c.minutesToAck ?? '',
      c.escalatedAt ? w.yes : '',
    ]);

  const ts = wb.addWorksheet(w.tasks);
  bold(ts.addRow([w.department, w.kind, w.task, w.device, w.state, w.created, w.done, w.minutes, w.note]));
  for (const t of r.tasks)
    ts.addRow([
      name(t.departmentName ?? t.department, t.departmentNameEn),
      w.taskKinds[t.kind] ?? t.kind,
      lang === 'en' ? t.titleEn : t.title,
      t.deviceId ?? '',
      w.taskStates[t.state] ?? t.state,
      local(t.createdAt),
      local(t.doneAt),
      t.minutesToDone ?? '',
      t.note ?? '',
    ]);
  ts.getColumn(3).width = 40;

  const pk = wb.addWorksheet(w.peaks);
  bold(pk.addRow([w.device, w.kind, w.value]));
  for (const p of r.peaks) pk.addRow([p.deviceId, w.peakKinds[p.kind] ?? p.kind, p.value]);

  if (r.response.hazard !== 'snow') {
    const po = wb.addWorksheet(w.ponding);
    bold(po.addRow([w.point, w.device, w.kind, w.start, w.end, w.duration, w.peakCm, w.targetMet]));
    for (const p of r.ponding)
      po.addRow([
        p.name ?? '',
        p.deviceId,
        w.source[p.source] ?? p.source,
        local(p.startedAt),
        local(p.endedAt),
        p.minutes,
        p.peakCm ?? '',
        p.met === null ? w.lasting : p.met ? w.met : w.missed,
      ]);
  } else {
    const sn = wb.addWorksheet(w.snow);
    bold(sn.addRow([w.roadClass, w.stage, w.met, w.missed]));
    for (const x of r.snowTargets) sn.addRow([x.roadClass, w.stages[x.stage] ?? x.stage, x.met, x.missed]);
    sn.addRow([]);
    bold(sn.addRow([w.segment, w.roadClass, w.crew, w.passableAt, w.cleanAt]));
    for (const x of r.segments)
      sn.addRow([
        name(x.name, x.nameEn),
        x.roadClass,
        name(x.teamName, x.teamNameEn),
        local(x.passableAt),
        local(x.cleanAt),
      ]);
    sn.getColumn(1).width = 30;
  }

  const ma = wb.addWorksheet(w.materials);
  bold(ma.addRow([w.time, w.depot, w.material, w.quantity, w.who, w.note]));
  for (const m of r.materials)
    ma.addRow([
      local(m.at),
      m.depot,
      w.materialNames[m.material] ?? m.material,
      m.quantity,
      m.usedBy,
      m.note ?? '',
    ]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
