import type { Static } from '@sinclair/typebox';
import type {
  AlarmBulkAckResult as BulkAckSchema,
  AlarmList as AlarmListSchema,
  AlarmListQuery,
  AlarmView as AlarmViewSchema,
  CommandList as CommandListSchema,
  CommandListQuery,
  CommandView as CommandViewSchema,
  DeviceDetail as DeviceDetailSchema,
  DeviceProfileView as ProfileSchema,
  Series as SeriesSchema,
  UtilityOverview as OverviewSchema,
} from '@cityloop/domain/api';
import { http } from '@/api/http';

export type AlarmView = Static<typeof AlarmViewSchema>;
export type AlarmList = Static<typeof AlarmListSchema>;
export type CommandView = Static<typeof CommandViewSchema>;
export type CommandList = Static<typeof CommandListSchema>;
export type DeviceDetail = Static<typeof DeviceDetailSchema>;
export type DeviceProfile = Static<typeof ProfileSchema>;
export type CommandDef = DeviceProfile['commands'][number];
export type Series = Static<typeof SeriesSchema>;
export type UtilityOverview = Static<typeof OverviewSchema>;
export type OverviewDevice = UtilityOverview['devices'][number];
export type BulkAckResult = Static<typeof BulkAckSchema>;

export { ALARM_SEVERITIES, ALARM_STATES, type AlarmSeverity } from '@cityloop/domain/telemetry/alarms';
export { COMMAND_STATES, type CommandState } from '@cityloop/domain/telemetry/commands';

export const utilitiesApi = {
  overview: (type: string, metrics?: string[]) =>
    http.get<UtilityOverview>('/api/utilities/overview', {
      type,
      metrics: metrics?.join(','),
    }),
  profiles: () => http.get<DeviceProfile[]>('/api/device-profiles'),
  device: (id: string) => http.get<DeviceDetail>(`/api/devices/${encodeURIComponent(id)}`),
  series: (
    id: string,
    q: { metric: string; from: string; to: string; step?: number },
    signal?: AbortSignal,
  ) => http.get<Series>(`/api/devices/${encodeURIComponent(id)}/series`, q, signal),
  alarms: (q: AlarmListQuery) => http.get<AlarmList>('/api/alarms', q),
  ack: (id: number, comment?: string) => http.post<AlarmView>(`/api/alarms/${id}/ack`, { comment }),
  bulkAck: (ids: number[], comment?: string) =>
    http.post<BulkAckResult>('/api/alarms/ack', { ids, ...(comment ? { comment } : {}) }),
  commands: (q: CommandListQuery) => http.get<CommandList>('/api/commands', q),
  sendCommand: (deviceId: string, name: string, params?: Record<string, number>) =>
    http.post<CommandView>(`/api/devices/${encodeURIComponent(deviceId)}/commands`, {
      name,
      ...(params && Object.keys(params).length ? { params } : {}),
    }),
  confirm: (id: number) => http.post<CommandView>(`/api/commands/${id}/confirm`),
  reject: (id: number, comment?: string) =>
    http.post<CommandView>(`/api/commands/${id}/reject`, comment ? { comment } : {}),
};
