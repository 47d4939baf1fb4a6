import { COMMAND_EVENTS } from './telemetry/commands.js';

/**
 * What the audit log records (审计日志): every action a write may be logged under and every kind
 * of thing it is about. The server may write only these; the web app names each in both languages
 * (a test walks this list against its messages), so the log never shows a raw code.
 */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'rename',
  'import',
  'unlock',
  'reveal_phone',
  'alarm.ack',
  'alarm_rule.create',
  'alarm_rule.update',
  'alarm_rule.delete',
  'backup.create',
  'command.request',
  ...COMMAND_EVENTS.map((e) => `command.${e}` as const),
  'device.create',
  'device.rotate_token',
  'open311_key.issue',
  'open311_key.revoke',
  'assessment.catalogue',
  'assessment.group',
  'assessment.plan',
  'assessment.reinspect',
  'assessment.dispute',
  'assessment.dispute_decision',
  'assessment.settings',
  'assessment.close_month',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITIES = [
  'case',
  'command',
  'alarm',
  'alarm_rule',
  'device',
  'component',
  'unit_grid',
  'districts',
  'streets',
  'communities',
  'supervision_grids',
  'departments',
  'users',
  'calendar_days',
  'time_limits',
  'step_limits',
  'settings',
  'backup',
  'open311_key',
  'hotline_call',
  'kb_article',
  'hotline_settings',
  'assessment_catalogue',
  'assessment_group',
  'assessment_finding',
  'assessment_settings',
  'assessment_month',
  'waste_weighing',
  'sorting_inspection',
  'toilet_check',
  'municipal_inspection',
  'remit_case',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];
