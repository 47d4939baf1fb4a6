import type {
  CockpitAlarmList,
  CockpitCaseList,
  CockpitDeviceList,
  CockpitItem,
  CockpitPeriod,
  CockpitReportDetail,
  CockpitReportList,
  CockpitReportView,
  CockpitResponse,
  CockpitTile,
} from '@cityloop/domain/api/cockpit';
import { http } from '@/api/http';

export type {
  CockpitAlarmList,
  CockpitCaseList,
  CockpitDeviceList,
  CockpitItem,
  CockpitPeriod,
  CockpitReportDetail,
  CockpitReportView,
  CockpitResponse,
  CockpitTile,
};

export const cockpitApi = {
  read: (period: CockpitPeriod, date: string) => http.get<CockpitResponse>('/api/cockpit', { period, date }),
  cases: (q: { period: CockpitPeriod; date: string; metric: string; district?: string; unit?: string }) =>
    http.get<CockpitCaseList>('/api/cockpit/cases', { ...q, limit: 100 }),
  alarms: (severity?: string) =>
    http.get<CockpitAlarmList>('/api/cockpit/alarms', severity ? { severity } : undefined),
  devices: (sector: string) => http.get<CockpitDeviceList>('/api/cockpit/devices', { sector }),
  reports: () => http.get<CockpitReportList>('/api/cockpit/reports'),
  report: (id: number) => http.get<CockpitReportDetail>(`/api/cockpit/reports/${id}`),
  makeReport: (period: CockpitPeriod, date: string) =>
    http.post<CockpitReportView>('/api/cockpit/reports', { period, date }),
};
