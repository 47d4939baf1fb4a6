import type { Static } from '@sinclair/typebox';
import type {
  GridInfo as GridInfoSchema,
  GridPatch as GridPatchSchema,
  ImportJob as ImportJobSchema,
  ImportReport as ImportReportSchema,
} from '@cityloop/domain/api';
import { http } from '@/api/http';

export type GridInfo = Static<typeof GridInfoSchema>;
export type GridPatch = Static<typeof GridPatchSchema>;
export type ImportReport = Static<typeof ImportReportSchema>;
export type ImportJob = Static<typeof ImportJobSchema>;

export interface GridFeatureProps {
  code: string;
  communityCode: string;
  supervisionGridCode: string | null;
  responsibleBody: string | null;
}

/** /api/grids answers a FeatureCollection of Polygons, flagged when the limit cut it short. */
export interface GridCollection extends GeoJSON.FeatureCollection<GeoJSON.Polygon, GridFeatureProps> {
  truncated: boolean;
}

export interface GridImportInput {
  type: 'FeatureCollection';
  features: unknown[];
}

export const GRID_CODE = /^[0-9]{15}$/;

export const gridsApi = {
  at: (lon: number, lat: number) => http.get<GridInfo>('/api/grids/at', { lon, lat }),
  get: (code: string) => http.get<GridInfo>(`/api/grids/${code}`),
  inBox: (bbox: [number, number, number, number], signal?: AbortSignal, limit = 5000) =>
    http.get<GridCollection>('/api/grids', { bbox: bbox.map((v) => v.toFixed(6)).join(','), limit }, signal),
  update: (code: string, patch: GridPatch) => http.patch<GridInfo>(`/api/grids/${code}`, patch),
  validateImport: (fc: GridImportInput) => http.post<ImportReport>('/api/grids/import/validate', fc),
  startImport: (fc: GridImportInput) => http.post<ImportJob>('/api/grids/import', fc),
  importJob: (id: number) => http.get<ImportJob>(`/api/grids/import/${id}`),
};
