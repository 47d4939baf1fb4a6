import type { Static } from '@sinclair/typebox';
import type {
  Community as CommunitySchema,
  Department as DepartmentSchema,
  DepartmentInput as DepartmentInputSchema,
  District as DistrictSchema,
  Street as StreetSchema,
  SupervisionGrid as SupervisionGridSchema,
} from '@cityloop/domain/api';
import { http, type Page } from '@/api/http';

export type District = Static<typeof DistrictSchema>;
export type Street = Static<typeof StreetSchema>;
export type Community = Static<typeof CommunitySchema>;
export type SupervisionGrid = Static<typeof SupervisionGridSchema>;
export type Department = Static<typeof DepartmentSchema>;
export type DepartmentInput = Static<typeof DepartmentInputSchema>;

/** A row of /api/org/unit-grids (the server's UnitGridRow). */
export interface UnitGridRow {
  code: string;
  communityCode: string;
  communityName: string;
  supervisionGridCode: string | null;
  responsibleBody: string | null;
  areaM2: number;
  version: number;
}

export interface PageParams {
  q?: string;
  page?: number;
  pageSize?: number;
}

type Named = { code: string; name: string };

/** The most a page-numbered endpoint returns at once; pickers ask for this many. */
export const MAX_PAGE = 500;

export const orgApi = {
  districts: () => http.get<District[]>('/api/org/districts'),
  renameDistrict: (code: string, name: string) => http.patch<Named>(`/api/org/districts/${code}`, { name }),

  streets: (p: PageParams & { districtCode?: string }) =>
    http.get<Page<Street>>('/api/org/streets', { ...p }),
  createStreet: (code: string, name: string) => http.post<Named>('/api/org/streets', { code, name }),
  renameStreet: (code: string, name: string) => http.patch<Named>(`/api/org/streets/${code}`, { name }),

  communities: (p: PageParams & { streetCode?: string }) =>
    http.get<Page<Community>>('/api/org/communities', { ...p }),
  createCommunity: (code: string, name: string) => http.post<Named>('/api/org/communities', { code, name }),
  renameCommunity: (code: string, name: string) =>
    http.patch<Named>(`/api/org/communities/${code}`, { name }),

  supervisionGrids: (p: PageParams & { streetCode?: string }) =>
    http.get<Page<SupervisionGrid>>('/api/org/supervision-grids', { ...p }),
  createSupervisionGrid: (code: string, name: string, streetCode: string) =>
    http.post<unknown>('/api/org/supervision-grids', { code, name, streetCode }),

  unitGrids: (p: PageParams & { communityCode?: string }) =>
    http.get<Page<UnitGridRow>>('/api/org/unit-grids', { ...p }),

  departments: (p: PageParams & { category?: string }) =>
    http.get<Page<Department>>('/api/org/departments', { ...p }),
  createDepartment: (input: DepartmentInput) => http.post<Department>('/api/org/departments', input),
  updateDepartment: (id: number, input: DepartmentInput) =>
    http.put<Department>(`/api/org/departments/${id}`, input),
};

/**
 * The org lists filter by their direct parent only. A coarser choice (a district on the community
 * list) narrows by code prefix through `q`, which the server matches against code prefixes, unless
 * the user typed a search of their own.
 */
export function withAreaPrefix<T extends PageParams>(req: T, prefix: string | undefined): T {
  return req.q || !prefix ? req : { ...req, q: prefix };
}
