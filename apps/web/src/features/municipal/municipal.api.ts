import type {
  MunicipalFacility,
  MunicipalFacilityList,
  MunicipalFacilityPatch,
  MunicipalInspection,
  MunicipalInspectionList,
  MunicipalKind,
  NewMunicipalInspection,
  NewRoadCutFinding,
  NewRoadCutPermit,
  RoadCutCheck,
  RoadCutDecision,
  RoadCutFindingResult,
  RoadCutList,
  RoadCutPermit,
  NewRemitCase,
  RemitCase,
  RemitCaseList,
  RemitUpdate,
  Streetlight,
  StreetlightList,
} from '@cityloop/domain/api/municipal';
import { http } from '@/api/http';

export type {
  MunicipalFacility,
  MunicipalInspection,
  MunicipalKind,
  RemitCase,
  RemitCaseList,
  RoadCutList,
  RoadCutPermit,
  Streetlight,
  StreetlightList,
};

export const municipalApi = {
  facilities: (kind?: MunicipalKind) =>
    http.get<MunicipalFacilityList>('/api/municipal/facilities', kind ? { kind } : undefined),
  editFacility: (id: number, body: MunicipalFacilityPatch) =>
    http.patch<MunicipalFacility>(`/api/municipal/facilities/${id}`, body),
  inspections: (id: number) =>
    http.get<MunicipalInspectionList>(`/api/municipal/facilities/${id}/inspections`),
  inspect: (id: number, body: NewMunicipalInspection) =>
    http.post<MunicipalInspection>(`/api/municipal/facilities/${id}/inspections`, body),
  streetlights: () => http.get<StreetlightList>('/api/municipal/streetlights'),
  openStreetlightCases: () =>
    http.post<{ opened: Array<{ deviceId: string; caseCode: string }> }>('/api/municipal/streetlights/cases'),
  switchCabinet: (deviceId: string, on: boolean) =>
    http.post<{ id: number; state: string }>(`/api/devices/${encodeURIComponent(deviceId)}/commands`, {
      name: on ? 'switch_on' : 'switch_off',
    }),
  roadcuts: () => http.get<RoadCutList>('/api/municipal/roadcuts'),
  applyRoadCut: (body: NewRoadCutPermit) => http.post<RoadCutPermit>('/api/municipal/roadcuts', body),
  decideRoadCut: (id: number, body: RoadCutDecision) =>
    http.post<RoadCutPermit>(`/api/municipal/roadcuts/${id}/decision`, body),
  checkRoadCut: (id: number, body: RoadCutCheck) =>
    http.post<RoadCutPermit>(`/api/municipal/roadcuts/${id}/check`, body),
  reportRoadCut: (body: NewRoadCutFinding) =>
    http.post<RoadCutFindingResult>('/api/municipal/roadcuts/findings', body),
  remit: (year?: number) => http.get<RemitCaseList>('/api/municipal/remit', year ? { year } : undefined),
  addRemit: (body: NewRemitCase) => http.post<RemitCase>('/api/municipal/remit', body),
  updateRemit: (caseId: number, body: RemitUpdate) =>
    http.patch<RemitCase>(`/api/municipal/remit/${caseId}`, body),
};
