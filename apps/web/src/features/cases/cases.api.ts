import type { Static } from '@sinclair/typebox';
import type {
  CaseAttachment,
  CaseEvent,
  CaseList as CaseListSchema,
  CaseListQuery as CaseListQuerySchema,
  CaseSummary,
  ComponentNearby,
  InspectorChoice,
  QueueCounts,
  ReportBody,
  ReportResult as ReportResultSchema,
  StaffCaseDetail,
} from '@cityloop/domain/api';
import type { CaseActionRequest } from '@cityloop/domain/cases/schemas';
import type { CategoryKind } from '@cityloop/domain/taxonomy';
import { ApiError, http } from '@/api/http';
import { i18n } from '@/i18n';
import type { Department } from '@/features/org/org.api';
import { DESK_QUEUES, type CaseQueue, type DeskQueue } from '@cityloop/domain/cases/queues';

export { DESK_QUEUES, type DeskQueue };
export type { InspectorChoice, QueueCounts };
export type Queue = CaseQueue;

export type Light = NonNullable<CaseSummary['light']>;
export type Attachment = CaseAttachment;
export type { CaseEvent, CaseSummary };
/** A case as the staff's pages read it (the portal reads only the fields the public view has). */
export type CaseDetail = StaffCaseDetail;
export type PendingRequest = NonNullable<CaseDetail['snapshot']['pendingRequest']>;
export type TimeLimit = NonNullable<CaseDetail['disposalLimit']>;

/** GET /api/cases's filters, as the domain's schema takes them. */
export type CaseListQuery = Static<typeof CaseListQuerySchema>;

export type CaseList = Static<typeof CaseListSchema>;

/** POST /api/cases: a report, as the domain's schema takes it. */
export type ReportInput = ReportBody;

/** POST /api/cases's answer: the case, its grid and deadline, and open cases of the same kind nearby. */
export type ReportResult = Static<typeof ReportResultSchema>;

/** One step of the loop: `{action, ...payload}` as POST /api/cases/:id/actions takes it (the domain's CaseActionBody). */
export type ActionPayload = CaseActionRequest;

/** A registered component near a point (the phone offers them to report against). */
export type NearbyComponent = ComponentNearby;

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
