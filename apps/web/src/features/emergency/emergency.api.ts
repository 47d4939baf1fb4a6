import type { Static } from '@sinclair/typebox';
import type {
  EmergencyCallout as CalloutSchema,
  EmergencyDuty as DutySchema,
  EmergencyPonding as PondingSchema,
  EmergencyResources as ResourcesSchema,
  EmergencyRoster as RosterSchema,
  EmergencySegment as SegmentSchema,
  EmergencySegmentReply as SegmentReplySchema,
  EmergencySnow as SnowSchema,
  EmergencyEvent as EventSchema,
  EmergencyPlan as PlanSchema,
  EmergencyResponse as ResponseSchema,
  EmergencySite as SiteSchema,
  EmergencyState as StateSchema,
  EmergencyTask as TaskSchema,
  WeatherWarning as WarningSchema,
  WeatherWarningBody,
} from '@cityloop/domain/api';
import { http } from '@/api/http';

export type EmergencyState = Static<typeof StateSchema>;
export type HazardState = EmergencyState['rainstorm'];
export type Callout = Static<typeof CalloutSchema>;
export type EmergencyEvent = Static<typeof EventSchema>;
export type Plan = Static<typeof PlanSchema>;
export type Response = Static<typeof ResponseSchema>;
export type Site = Static<typeof SiteSchema>;
export type Task = Static<typeof TaskSchema>;
export type Warning = Static<typeof WarningSchema>;
export type WarningInput = Static<typeof WeatherWarningBody>;
export type Resources = Static<typeof ResourcesSchema>;
export type Team = Resources['teams'][number];
export type Duty = Static<typeof DutySchema>;
export type Roster = Static<typeof RosterSchema>;
export type Segment = Static<typeof SegmentSchema>;
export type Snow = Static<typeof SnowSchema>;
export type SegmentReply = Static<typeof SegmentReplySchema>;
export type Ponding = Static<typeof PondingSchema>;

export {
  HAZARDS,
  LEVELS,
  COLOURS,
  WARNING_TYPES,
  type Hazard,
  type Level,
} from '@cityloop/domain/emergency/warnings';

export const emergencyApi = {
  state: () => http.get<EmergencyState>('/api/emergency/state'),
  responses: () => http.get<{ items: Response[] }>('/api/emergency/responses'),
  plans: () => http.get<{ items: Plan[] }>('/api/emergency/plans'),
  sites: () => http.get<{ items: Site[] }>('/api/emergency/sites'),
  warnings: () => http.get<{ items: Warning[] }>('/api/emergency/warnings'),
  enterWarning: (body: WarningInput) => http.post<Warning>('/api/emergency/warnings', body),
  sign: (id: number, reason?: string) =>
    http.post<Response>(`/api/emergency/proposals/${id}/sign`, { reason }),
  dismiss: (id: number, reason?: string) =>
    http.post<{ ok: boolean }>(`/api/emergency/proposals/${id}/dismiss`, { reason }),
  decide: (body: { hazard: string; kind: string; level?: string; reason: string }) =>
    http.post<Response>('/api/emergency/decisions', body),
  callouts: (responseId?: number) =>
    http.get<{ items: Callout[] }>('/api/emergency/callouts', responseId ? { responseId } : undefined),
  ack: (id: number) => http.post<Callout>(`/api/emergency/callouts/${id}/ack`),
  tasks: (q: { responseId?: number; mine?: boolean } = {}) =>
    http.get<{ items: Task[] }>('/api/emergency/tasks', {
      ...(q.responseId ? { responseId: q.responseId } : {}),
      ...(q.mine ? { mine: true } : {}),
    }),
  ackTask: (id: number) => http.post<Task>(`/api/emergency/tasks/${id}/ack`, {}),
  doneTask: (id: number, note?: string) =>
    http.post<Task>(`/api/emergency/tasks/${id}/done`, note ? { note } : {}),
  resources: () => http.get<Resources>('/api/emergency/resources'),
  setEquipment: (id: string, state: string) =>
    http.put<{ ok: boolean }>(`/api/emergency/equipment/${id}`, { state }),
  useMaterial: (body: { depot: string; material: string; quantity: number; note?: string }) =>
    http.post<unknown>('/api/emergency/materials/use', body),
  callMore: (responseId: number, targets: Array<{ kind: 'team' | 'user'; target: string }>) =>
    http.post<{ added: number }>('/api/emergency/callouts', { responseId, targets }),
  roster: (day?: string) => http.get<Roster>('/api/emergency/roster', day ? { day } : undefined),
  updateDuty: (id: number, body: { checkIn?: boolean; handover?: string; person?: string; phone?: string }) =>
    http.post<Duty>(`/api/emergency/roster/${id}`, body),
  snow: (mine = false) => http.get<Snow>('/api/emergency/snow', mine ? { mine: true } : undefined),
  reportSegment: (
    id: number,
    body: { stage: 'passable' | 'clean'; clientId: string; photoId?: string; deicerT?: number; at?: string },
  ) => http.post<SegmentReply>(`/api/emergency/snow/segments/${id}/report`, body),
  snowStopped: (at?: string) =>
    http.post<{ snowStoppedAt: string }>('/api/emergency/snow/stopped', at ? { at } : {}),
  ponding: () => http.get<{ items: Ponding[] }>('/api/emergency/ponding'),
  events: (responseId?: number) =>
    http.get<{ items: EmergencyEvent[] }>(
      '/api/emergency/events',
      responseId ? { responseId, limit: 200 } : { limit: 100 },
    ),
};

/** Level colours as the plans and warnings use them (IV blue … I red). */
export const LEVEL_COLOURS: Record<string, string> = {
  IV: '#1f6fd1',
  III: '#d4a106',
  II: '#e67e22',
  I: '#d0312d',
};
export const WARNING_COLOURS: Record<string, string> = {
  blue: '#1f6fd1',
  yellow: '#d4a106',
  orange: '#e67e22',
  red: '#d0312d',
};
export const SEGMENT_COLOURS: Record<string, string> = {
  open: '#d0312d',
  passable: '#e08a00',
  clean: '#2e9d5b',
};
export const DEPTH_COLOURS: Record<string, string> = { green: '#2e9d5b', yellow: '#e0b400', red: '#d0312d' };
