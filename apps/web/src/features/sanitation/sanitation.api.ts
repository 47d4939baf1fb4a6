import type {
  CoverageReport,
  SanitationSection,
  SanitationSectionList,
  SanitationVehicle,
  SanitationVehicleList,
  SectionCoverageRow,
} from '@cityloop/domain/api/sanitation';
import type {
  CollectionVisits,
  NewSortingInspection,
  NewWeighing,
  SortingMonthReport,
  WasteDayReport,
  WasteFacilityList,
  Weighing,
} from '@cityloop/domain/api/waste';
import type {
  NewToiletCheck,
  PublicToiletList,
  ToiletCheck,
  ToiletDetail,
} from '@cityloop/domain/api/toilets';

import { http } from '@/api/http';

export type { CoverageReport, SanitationSection, SanitationVehicle, SectionCoverageRow };

export const sanitationApi = {
  sections: () => http.get<SanitationSectionList>('/api/sanitation/sections'),
  coverage: (date: string) => http.get<CoverageReport>('/api/sanitation/coverage', { date }),
  vehicles: () => http.get<SanitationVehicleList>('/api/sanitation/vehicles'),
};

export type { CollectionVisits, SortingMonthReport, WasteDayReport, Weighing };
export type { PublicToilet, ToiletDetail } from '@cityloop/domain/api/toilets';

export const wasteApi = {
  facilities: () => http.get<WasteFacilityList>('/api/sanitation/waste/facilities'),
  day: (date: string) => http.get<WasteDayReport>('/api/sanitation/waste/day', { date }),
  visits: (date: string) => http.get<CollectionVisits>('/api/sanitation/waste/visits', { date }),
  weigh: (body: NewWeighing) => http.post<Weighing>('/api/sanitation/waste/weighings', body),
  sorting: (month: string) => http.get<SortingMonthReport>('/api/sanitation/sorting', { month }),
  inspectSorting: (body: NewSortingInspection) =>
    http.post<{ ok: true }>('/api/sanitation/sorting/inspections', body),
};

export const toiletsApi = {
  list: () => http.get<PublicToiletList>('/api/sanitation/toilets'),
  detail: (id: number) => http.get<ToiletDetail>(`/api/sanitation/toilets/${id}`),
  check: (id: number, body: NewToiletCheck) =>
    http.post<ToiletCheck>(`/api/sanitation/toilets/${id}/checks`, body),
};
