import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import {
  AlarmAckBody,
  AlarmBulkAckBody,
  AlarmBulkAckResult,
  AlarmDetail,
  AlarmList,
  AlarmListQuery,
  AlarmRuleInput,
  AlarmRuleView,
  ErrorResponse,
  Ok,
} from '@cityloop/domain/api';
import { rolesFor } from '@cityloop/domain';
import type { AlarmService } from './alarms.service.js';
import { ALARM_READERS } from './alarms.service.js';
import { actorOf } from '../../http/actor.js';

const tags = ['alarms'];
const RULE_EDITORS = rolesFor('alarmRuleEditing');
const RULE_READERS = rolesFor('alarmRules');
const IdParams = Type.Object({ id: Type.Integer() });
const RulesQuery = Type.Object({
  profileType: Type.Optional(Type.String({ maxLength: 40 })),
  deviceId: Type.Optional(Type.String({ maxLength: 64 })),
});

export async function alarmRoutes(app: FastifyInstance, ctx: { alarms: AlarmService }) {
  const alarms = ctx.alarms;

  app.get<{ Querystring: AlarmListQuery }>(
    '/api/alarms',
    {
      // Department users (handlers) see only their unit's devices' alarms.
      config: { access: { roles: ALARM_READERS, scope: 'department' } },
      schema: {
        tags,
        summary:
          'Alarms, newest first (state=open by default: the console); live updates on /ws as alarm.raised / alarm.updated',
        querystring: AlarmListQuery,
        response: { 200: AlarmList },
      },
    },
    async (req) => alarms.list(req.query, actorOf(req)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/alarms/:id',
    {
      config: { access: { roles: ALARM_READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'One alarm with its events',
        params: IdParams,
        response: { 200: AlarmDetail, 404: ErrorResponse },
      },
    },
    async (req) => alarms.get(req.params.id, actorOf(req)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AlarmAckBody> }>(
    '/api/alarms/:id/ack',
    {
      config: { access: { roles: ALARM_READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'Acknowledge an alarm (with an optional comment)',
        params: IdParams,
        body: AlarmAckBody,
        response: { 200: AlarmDetail, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => alarms.acknowledgeOne(req.params.id, req.body.comment, actorOf(req)),
  );

  app.post<{ Body: Static<typeof AlarmBulkAckBody> }>(
    '/api/alarms/ack',
    {
      config: { access: { roles: ALARM_READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'Acknowledge many alarms; those that cannot be are listed with the reason',
        body: AlarmBulkAckBody,
        response: { 200: AlarmBulkAckResult },
      },
    },
    async (req) => alarms.acknowledge(req.body.ids, req.body.comment, actorOf(req)),
  );

  app.get<{ Querystring: Static<typeof RulesQuery> }>(
    '/api/alarm-rules',
    {
      config: { access: { roles: RULE_READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Alarm rules per profile or device',
        querystring: RulesQuery,
        response: { 200: Type.Array(AlarmRuleView) },
      },
    },
    async (req) => alarms.rules.listRules(req.query),
  );

  app.post<{ Body: AlarmRuleInput }>(
    '/api/alarm-rules',
    {
      config: { access: { roles: RULE_EDITORS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Add a rule to a profile or a device (a device rule replaces the profile’s of the same metric and kind)',
        body: AlarmRuleInput,
        response: { 200: AlarmRuleView, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (req) => alarms.rules.createRule(req.body, actorOf(req)),
  );

  app.put<{ Params: Static<typeof IdParams>; Body: AlarmRuleInput }>(
    '/api/alarm-rules/:id',
    {
      config: { access: { roles: RULE_EDITORS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Replace a rule',
        params: IdParams,
        body: AlarmRuleInput,
        response: { 200: AlarmRuleView, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (req) => alarms.rules.updateRule(req.params.id, req.body, actorOf(req)),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/alarm-rules/:id',
    {
      config: { access: { roles: RULE_EDITORS, scope: 'none' } },
      schema: { tags, summary: 'Delete a rule', params: IdParams, response: { 200: Ok, 404: ErrorResponse } },
    },
    async (req) => {
      await alarms.rules.deleteRule(req.params.id, actorOf(req));
      return { ok: true as const };
    },
  );
}
