import type { Static } from '@sinclair/typebox';
import type {
  ComponentDetail as DetailSchema,
  ComponentListQuery as ListQuerySchema,
  ComponentPage as PageSchema,
  ComponentHistory as HistorySchema,
  ComponentPatch as PatchSchema,
  ComponentSummary as SummarySchema,
  ImportJob as ImportJobSchema,
  ImportReport as ImportReportSchema,
} from '@cityloop/domain/api';
import { COMPONENT_STATES, type ComponentState } from '@cityloop/domain/api/components';
import { http } from '@/api/http';

export type ComponentSummary = Static<typeof SummarySchema>;
export type ComponentListQuery = Static<typeof ListQuerySchema>;
export type ComponentPage = Static<typeof PageSchema>;
export type ComponentDetail = Static<typeof DetailSchema>;
export type ComponentHistory = Static<typeof HistorySchema>;
export type ComponentPatch = Static<typeof PatchSchema>;
export type ImportReport = Static<typeof ImportReportSchema>;
export type ImportJob = Static<typeof ImportJobSchema>;

export { COMPONENT_STATES, type ComponentState };

/** What the component import accepts: GeoJSON, or an Excel workbook sent as base64. */
export type ComponentImportInput =
  { type: 'FeatureCollection'; features: unknown[] } | { xlsxBase64: string };

export const componentsApi = {
  list: (query: ComponentListQuery) => http.get<ComponentPage>('/api/components/list', query),
  get: (code: string) => http.get<ComponentDetail>(`/api/components/${code}`),
  history: (code: string) => http.get<ComponentHistory>(`/api/components/${code}/history`),
  update: (code: string, patch: ComponentPatch) =>
    http.patch<ComponentDetail>(`/api/components/${code}`, patch),
  validateImport: (input: ComponentImportInput) =>
    http.post<ImportReport>('/api/components/import/validate', input),
  startImport: (input: ComponentImportInput) => http.post<ImportJob>('/api/components/import', input),
  importJob: (id: number) => http.get<ImportJob>(`/api/components/import/${id}`),
};
