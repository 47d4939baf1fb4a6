import type {
  CoverageReport,
  SanitationSection,
  SanitationSectionList,
  SanitationVehicle,
  SanitationVehicleList,
  SectionCoverageRow,
} from '@cityloop/domain/api/sanitation';
import { http } from '@/api/http';

export type { CoverageReport, SanitationSection, SanitationVehicle, SectionCoverageRow };

export const sanitationApi = {
  sections: () => http.get<SanitationSectionList>('/api/sanitation/sections'),
  coverage: (date: string) => http.get<CoverageReport>('/api/sanitation/coverage', { date }),
  vehicles: () => http.get<SanitationVehicleList>('/api/sanitation/vehicles'),
};
