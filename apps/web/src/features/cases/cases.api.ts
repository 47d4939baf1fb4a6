import type { Static } from '@sinclair/typebox';
import type {
  InspectorChoice,
  QueueCounts,
  ReportBody,
  ReportResult as ReportResultSchema,
} from '@cityloop/domain/api';
import type { CaseAction } from '@cityloop/domain/cases/actions';
import type { CaseSource, CaseState, Urgency } from '@cityloop/domain/cases/states';
import type { CategoryKind } from '@cityloop/domain/taxonomy';
import { ApiError, http } from '@/api/http';
import { i18n } from '@/i18n';
import type { GridInfo } from '@/features/grids/grids.api';
import type { Department } from '@/features/org/org.api';
import { DESK_QUEUES, type CaseQueue, type DeskQueue } from '@cityloop/domain/cases/queues';

export { DESK_QUEUES, type DeskQueue };
export type { InspectorChoice, QueueCounts };
export type Queue = CaseQueue;

export type Light = 'green' | 'yellow' | 'red';

export interface Attachment {
  id: string;
  mime?: string;
  url: string;
  thumbUrl: string | null;
}

/** One row of GET /api/cases. */
export interface CaseSummary {
  id: number;
  code: string;
  state: CaseState;
  kind: CategoryKind;
  category: string;
  categoryName: string;
  urgency: Urgency;
  source: CaseSource;
  description: string;
  address: string | null;
  lon: number;
  lat: number;
  gridCode: string;
  districtCode: string;
  streetCode: string;
  unitId: number | null;
  unitName: string | null;
  pendingKind: string | null;
  dispatchLevel: 'district' | 'unit' | null;
  reworkCount: number;
  reportedAt: string;
  step: string | null;
  stepDueAt: string | null;
  used: number | null;
  light: Light | null;
  distanceM?: number;
}

export interface CaseEvent {
  id: number;
  action: string;
  fromState: string | null;
  toState: string;
  actorName: string | null;
  actorRole: string | null;
  at: string;
  comment: string | null;
  photos: Attachment[];
  onTime: boolean | null;
  usedMs: number | null;
  limitMs: number | null;
  step: string | null;
  dueAt: string | null;
  unitName: string | null;
  payload?: Record<string, unknown> | null;
}

export interface TimeLimit {
  value: number;
  unit: string;
}

export interface PendingRequest {
  kind: string;
  byUserId: number;
  at: string;
  hours: number | null;
  reason: string;
}

/** GET /api/cases/:id: the case with its timeline and what this user may do next. */
export interface CaseDetail extends CaseSummary {
  nature: string | null;
  componentCode: string | null;
  reporterName: string | null;
  reporterPhone: string | null;
  duplicateOf: number | null;
  supervisionGridCode: string | null;
  dispatchedAt: string | null;
  disposalDueAt: string | null;
  closedAt: string | null;
  snapshot: {
    pendingRequest: PendingRequest | null;
    reworkCount: number;
    sendBackCount: number;
    urgeCount: number;
    extensionHours: number;
    dispatchLevel: 'district' | 'unit' | null;
    selfHandled: boolean;
  };
  grid: GridInfo | null;
  filingCondition: string | null;
  closingCondition: string | null;
  disposalLimit: TimeLimit | null;
  allowedActions: CaseAction[];
  suggestedUnits: Array<{ id: number; name: string }>;
  related: CaseSummary[];
  photos: Attachment[];
  events: CaseEvent[];
}

export interface CaseListQuery {
  queue?: Queue;
  districtCode?: string;
  streetCode?: string;
  gridCode?: string;
  kind?: CategoryKind;
  category?: string;
  source?: string;
  urgency?: string;
  unitId?: number;
  from?: string;
  to?: string;
  q?: string;
  cursor?: number;
  limit?: number;
}

export interface CaseList {
  items: CaseSummary[];
  nextCursor: number | null;
}

/** POST /api/cases: a report, as the domain's schema takes it. */
export type ReportInput = ReportBody;

/** POST /api/cases's answer: the case, its grid and deadline, and open cases of the same kind nearby. */
export type ReportResult = Static<typeof ReportResultSchema>;

/** One step of the loop: `{action, ...payload}` as POST /api/cases/:id/actions takes it. */
export type ActionPayload = { action: CaseAction } & Record<string, unknown>;

export interface NearbyComponent {
  code: string;
  category: string;
  categoryName: string;
  name: string;
  distanceM: number;
}

/** Uploads one photo (multipart field "file"); the id goes into a report's or an action's photos. */
export async function uploadAttachment(file: Blob, name = 'photo.jpg'): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, name);
  let res: Response;
  try {
    res = await fetch('/api/attachments', { method: 'POST', body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', i18n.global.t('common.networkError'));
  }
  const data = (await res.json().catch(() => null)) as
    (Attachment & { error?: { code?: string; message?: string; detail?: string } }) | null;
  if (!res.ok || !data) {
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? `http.${res.status}`, e?.message ?? res.statusText, e?.detail);
  }
  return data;
}

const clean = (q: CaseListQuery) => ({ ...q }) as Record<string, string | number | undefined>;

export const casesApi = {
  list: (q: CaseListQuery, signal?: AbortSignal) => http.get<CaseList>('/api/cases', clean(q), signal),
  get: (id: number) => http.get<CaseDetail>(`/api/cases/${id}`),
  queueCounts: (q: Omit<CaseListQuery, 'queue' | 'cursor' | 'limit'>) =>
    http.get<QueueCounts>('/api/cases/queue-counts', clean(q)),
  inspectors: (id: number) => http.get<InspectorChoice[]>(`/api/cases/${id}/inspectors`),
  act: (id: number, payload: ActionPayload) => http.post<CaseDetail>(`/api/cases/${id}/actions`, payload),
  report: (input: ReportInput) => http.post<ReportResult>('/api/cases', input),
  duplicates: (p: { kind: CategoryKind; category: string; lon: number; lat: number }) =>
    http.get<CaseSummary[]>('/api/cases/duplicates', p),
  /** Components near a point; an empty list while the registry endpoint does not exist yet. */
  nearbyComponents: async (p: { lon: number; lat: number; radius?: number; category?: string }) => {
    try {
      return await http.get<NearbyComponent[]>('/api/components/nearby', { radius: 50, ...p });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return [];
      throw err;
    }
  },
};

let departments: Promise<Department[]> | null = null;
/** Every handling unit (for the dispatch select); fetched once per page load. */
export function allDepartments(): Promise<Department[]> {
  departments ??= http
    .get<{ items: Department[] }>('/api/org/departments', { pageSize: 500 })
    .then((p) => p.items.filter((d) => d.active))
    .catch((err: unknown) => {
      departments = null;
      throw err;
    });
  return departments;
}
