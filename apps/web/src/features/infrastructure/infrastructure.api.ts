import type {
  CapacityAssumptionBody,
  CapacityReport,
  AgingReport,
  CandidateList,
  DeviceSummary,
  HydraulicCheckBody,
  HydraulicCheckResult,
  NetworkImportBody,
  NetworkImportReport,
  ProgrammeCreateBody,
  ProgrammeDetail,
  ProgrammeList,
  ProjectList,
  SegmentDetail,
  SegmentFeatureCollection,
  ShutdownImpact,
} from '@cityloop/domain/api';
import type { Network } from '@cityloop/domain/infrastructure/networks';
import { http } from '@/api/http';

export type {
  CapacityReport,
  ProgrammeDetail,
  ProgrammeList,
  SegmentDetail,
  NetworkImportReport,
  AgingReport,
  CandidateList,
  HydraulicCheckResult,
  ProjectList,
  SegmentFeatureCollection,
  ShutdownImpact,
};
export type Project = ProjectList['items'][number];
export type SegmentFeature = SegmentFeatureCollection['features'][number];

export const infrastructureApi = {
  segments: (network: Network, bbox: string, signal?: AbortSignal) =>
    http.get<SegmentFeatureCollection>('/api/networks/segments', { network, bbox, limit: 8000 }, signal),
  aging: () => http.get<AgingReport>('/api/networks/aging'),
  projects: () => http.get<ProjectList>('/api/projects'),
  capacity: () => http.get<CapacityReport>('/api/projects/capacity'),
  setCapacity: (id: number, body: CapacityAssumptionBody) =>
    http.put<CapacityReport>(`/api/projects/${id}/capacity`, body),
  candidates: (network: Network, limit = 15) =>
    http.get<CandidateList>('/api/networks/candidates', { network, limit }),
  boosters: () =>
    http.get<{ items: DeviceSummary[] }>('/api/devices', { type: 'booster_station', pageSize: 200 }),
  check: (body: HydraulicCheckBody) => http.post<HydraulicCheckResult>('/api/hydraulics/check', body),
  /** A GeoJSON import: its report also when the server refuses the file (422). */
  importGeojson: async (body: unknown): Promise<NetworkImportReport> => {
    const res = await fetch('/api/networks/import/geojson', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status === 422) return (await res.json()) as NetworkImportReport;
    if (!res.ok) return http.post<NetworkImportReport>('/api/networks/import/geojson', body);
    return (await res.json()) as NetworkImportReport;
  },
  importRegister: (body: NetworkImportBody) => http.post<NetworkImportReport>('/api/networks/import', body),
  segment: (id: string) => http.get<SegmentDetail>(`/api/networks/segments/${encodeURIComponent(id)}`),
  programmes: (year?: number) => http.get<ProgrammeList>('/api/renovation/programmes', year ? { year } : {}),
  programme: (id: number) => http.get<ProgrammeDetail>(`/api/renovation/programmes/${id}`),
  createProgramme: (body: ProgrammeCreateBody) =>
    http.post<ProgrammeDetail>('/api/renovation/programmes', body),
  progress: (id: number, segmentIds: string[], day: string) =>
    http.post<ProgrammeDetail>(`/api/renovation/programmes/${id}/progress`, { segmentIds, day }),
  shutdown: (segment: string) => http.get<ShutdownImpact>('/api/hydraulics/shutdown', { segment }),
};
