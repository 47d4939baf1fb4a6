import type ExcelJS from 'exceljs';
import { newWorkbook } from '../../ops/excel.js';
import type { EmergencyReport } from '@cityloop/domain/api';

const HAZARD_ZH: Record<string, string> = { rainstorm: '防汛（暴雨）', typhoon: '防台风', snow: '清雪防滑' };

/** The after-action report as a workbook: summary, timeline, call-outs, tasks, peak readings. */
export async function reportWorkbook(r: EmergencyReport, timeZone: string): Promise<Buffer> {
  const wb = await newWorkbook();
  const local = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString('zh-CN', { timeZone, hour12: false }) : '';
  const bold = (row: ExcelJS.Row) => void (row.font = { bold: true });

  const s = wb.addWorksheet('总结');
  s.addRow(['灾种', HAZARD_ZH[r.response.hazard] ?? r.response.hazard]);
  s.addRow(['响应级别（最终）', r.response.level]);
  s.addRow(['启动', local(r.response.startedAt)]);
  s.addRow(['结束', local(r.response.endedAt)]);
  s.addRow(['签发人', r.response.signedBy]);
  s.addRow(['叫应', `${r.callouts.filter((c) => c.ackedAt).length} / ${r.callouts.length} 已应答`]);
  s.addRow(['任务', `${r.tasks.filter((t) => t.state === 'done').length} / ${r.tasks.length} 已完成`]);
  s.getColumn(1).width = 18;
  s.getColumn(2).width = 40;

  const tl = wb.addWorksheet('时间线');
  bold(tl.addRow(['时间', '事件', '从', '到', '人员', '理由']));
  for (const e of r.timeline)
    tl.addRow([local(e.at), e.kind, e.fromLevel ?? '', e.toLevel ?? '', e.actorName, e.reason ?? '']);
  tl.getColumn(1).width = 22;
  tl.getColumn(2).width = 22;

  const co = wb.addWorksheet('叫应');
  bold(co.addRow(['对象', '类型', '级别', '叫应时间', '应答时间', '应答人', '用时（分钟）', '升级']));
  for (const c of r.callouts)
    co.addRow([
      c.targetName,
      c.targetKind,
      c.level,
      local(c.calledAt),
      local(c.ackedAt),
      c.ackedBy ?? '',
      c.minutesToAck ?? '',
      c.escalatedAt ? '是' : '',
    ]);

  const ts = wb.addWorksheet('任务');
  bold(ts.addRow(['部门', '类型', '任务', '设备', '状态', '下达', '完成', '用时（分钟）', '说明']));
  for (const t of r.tasks)
    ts.addRow([
      t.departmentName ?? t.department,
      t.kind,
      t.title,
      t.deviceId ?? '',
      t.state,
      local(t.createdAt),
      local(t.doneAt),
      t.minutesToDone ?? '',
      t.note ?? '',
    ]);
  ts.getColumn(3).width = 40;

  const pk = wb.addWorksheet('峰值');
  bold(pk.addRow(['设备', '类型', '峰值']));
  for (const p of r.peaks) pk.addRow([p.deviceId, p.kind, p.value]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
