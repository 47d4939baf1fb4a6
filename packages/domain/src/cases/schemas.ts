import { Type, type Static, type TLiteral, type TObject, type TProperties } from '@sinclair/typebox';
import type { CaseAction } from './actions.js';
import { URGENCIES } from './states.js';
import { VISIT_SATISFACTIONS } from './visits.js';

/**
 * Request bodies of POST /cases/:id/actions, one object per action, discriminated by `action`.
 *
 * The objects deliberately allow additional properties: Fastify's default Ajv runs with
 * `removeAdditional: true`, which strips properties while trying the first anyOf branches and so
 * would delete `unitId` from a dispatch body before the dispatch branch is tried. decideAction
 * copies only the declared fields into the event, so extra fields are ignored, never stored.
 */

const Text = (description: string) =>
  Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description });
const OptionalComment = Type.Optional(Text('Free text shown in the case history'));
const Photos = (minItems: number) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 300 }), {
    minItems,
    maxItems: 20,
    description: 'Attachment ids of photos already uploaded',
  });
const UserId = Type.Integer({ minimum: 1 });

function body<A extends CaseAction, P extends TProperties>(action: A, props: P) {
  const shape: { action: TLiteral<A> } & P = { action: Type.Literal(action), ...props };
  return Type.Object(shape, { title: `CaseAction_${action}` });
}

export const AcceptBody = body('accept', { comment: OptionalComment });
export const RejectBody = body('reject', { comment: Text('Why the report is not accepted') });
export const SendVerifyBody = body('send_verify', {
  inspectorId: Type.Optional(UserId),
  comment: OptionalComment,
});
export const VerifyBody = body('verify', {
  confirmed: Type.Boolean({ description: 'True when the problem exists on site' }),
  photos: Type.Optional(Photos(0)),
  comment: OptionalComment,
});
export const FileBody = body('file', {
  urgency: Type.Optional(Type.Union(URGENCIES.map((u) => Type.Literal(u)))),
  comment: OptionalComment,
});
export const RefuseBody = body('refuse', { comment: Text('Why the case is not filed') });
export const DispatchBody = body('dispatch', {
  unitId: Type.Integer({ minimum: 1, description: 'Department the case is sent to' }),
  level: Type.Optional(
    Type.Literal('district', { description: 'Send to a district centre that dispatches again' }),
  ),
  comment: OptionalComment,
});
export const StartBody = body('start', { comment: OptionalComment });
export const ReportDoneBody = body('report_done', {
  photos: Photos(1),
  beforePhotos: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 300 }), {
      maxItems: 19,
      description: 'Which of `photos` were taken before the work (the rest show the result)',
    }),
  ),
  comment: OptionalComment,
});
export const ToCheckBody = body('to_check', { inspectorId: Type.Optional(UserId), comment: OptionalComment });
export const CheckBody = body('check', {
  passed: Type.Boolean({ description: 'False sends the case back to the same unit for rework' }),
  photos: Type.Optional(Photos(0)),
  comment: OptionalComment,
});
export const CloseBody = body('close', { comment: OptionalComment });
export const RequestExtensionBody = body('request_extension', {
  hours: Type.Number({ exclusiveMinimum: 0, maximum: 2000, description: 'Working hours asked for' }),
  reason: Text('Why more time is needed'),
  comment: OptionalComment,
});
export const ApproveExtensionBody = body('approve_extension', {
  hours: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: 2000, description: 'Grant fewer hours than asked' }),
  ),
  comment: OptionalComment,
});
export const DenyExtensionBody = body('deny_extension', { comment: Text('Why the extension is denied') });
export const RequestSendBackBody = body('request_send_back', {
  reason: Text('Why the case is not this unit’s'),
  comment: OptionalComment,
});
export const ApproveSendBackBody = body('approve_send_back', { comment: OptionalComment });
export const DenySendBackBody = body('deny_send_back', { comment: Text('Why the unit must handle it') });
export const RequestSuspensionBody = body('request_suspension', {
  reason: Text('Why the work cannot be done now (season, funding, ...)'),
  comment: OptionalComment,
});
export const ApproveSuspensionBody = body('approve_suspension', { comment: OptionalComment });
export const DenySuspensionBody = body('deny_suspension', { comment: Text('Why the suspension is denied') });
export const ResumeBody = body('resume', { comment: OptionalComment });
export const RequestCancelBody = body('request_cancel', {
  reason: Text('Why the case should be cancelled (duplicate, mistaken, ...)'),
  comment: OptionalComment,
});
export const ApproveCancelBody = body('approve_cancel', { comment: OptionalComment });
export const DenyCancelBody = body('deny_cancel', { comment: Text('Why the case stays open') });
export const UrgeBody = body('urge', { comment: Text('The supervision instruction') });
export const SelfHandleBody = body('self_handle', { photos: Photos(1), comment: OptionalComment });
export const CommentBody = body('comment', { comment: Text('The note'), photos: Type.Optional(Photos(0)) });
export const ReturnVisitBody = body('return_visit', {
  reached: Type.Boolean({ description: 'Whether the caller answered; a call nobody answered stays due' }),
  satisfaction: Type.Optional(
    Type.Union(
      VISIT_SATISFACTIONS.map((s) => Type.Literal(s)),
      { description: 'The caller’s answer when reached; dissatisfied reopens the case for rework' },
    ),
  ),
  comment: OptionalComment,
  channel: Type.Optional(
    Type.Union([Type.Literal('phone'), Type.Literal('online')], {
      description:
        'How the answer came: a call back (default) or the resident’s own rating on the public portal',
    }),
  ),
  reopen: Type.Optional(
    Type.Boolean({
      description:
        'With dissatisfied: false keeps the case closed (the visit desk found no rework due); default true',
    }),
  ),
});

/** Every action body's schema by action id, for per-action validation and docs. */
export const CASE_ACTION_SCHEMAS = {
  accept: AcceptBody,
  reject: RejectBody,
  send_verify: SendVerifyBody,
  verify: VerifyBody,
  file: FileBody,
  refuse: RefuseBody,
  dispatch: DispatchBody,
  start: StartBody,
  report_done: ReportDoneBody,
  to_check: ToCheckBody,
  check: CheckBody,
  close: CloseBody,
  request_extension: RequestExtensionBody,
  approve_extension: ApproveExtensionBody,
  deny_extension: DenyExtensionBody,
  request_send_back: RequestSendBackBody,
  approve_send_back: ApproveSendBackBody,
  deny_send_back: DenySendBackBody,
  request_suspension: RequestSuspensionBody,
  approve_suspension: ApproveSuspensionBody,
  deny_suspension: DenySuspensionBody,
  resume: ResumeBody,
  request_cancel: RequestCancelBody,
  approve_cancel: ApproveCancelBody,
  deny_cancel: DenyCancelBody,
  urge: UrgeBody,
  self_handle: SelfHandleBody,
  comment: CommentBody,
  return_visit: ReturnVisitBody,
} as const satisfies { [A in CaseAction]: TObject<{ action: TLiteral<A> } & TProperties> };

/** The one request body of the case-action endpoint: a union discriminated by `action`. */
export const CaseActionBody = Type.Union(
  [
    AcceptBody,
    RejectBody,
    SendVerifyBody,
    VerifyBody,
    FileBody,
    RefuseBody,
    DispatchBody,
    StartBody,
    ReportDoneBody,
    ToCheckBody,
    CheckBody,
    CloseBody,
    RequestExtensionBody,
    ApproveExtensionBody,
    DenyExtensionBody,
    RequestSendBackBody,
    ApproveSendBackBody,
    DenySendBackBody,
    RequestSuspensionBody,
    ApproveSuspensionBody,
    DenySuspensionBody,
    ResumeBody,
    RequestCancelBody,
    ApproveCancelBody,
    DenyCancelBody,
    UrgeBody,
    SelfHandleBody,
    CommentBody,
    ReturnVisitBody,
  ],
  { $id: 'CaseActionBody', description: 'One step of the case loop, named by `action`' },
);
export type CaseActionBody = Static<typeof CaseActionBody>;
/** What decideAction takes: the validated body. */
export type CaseActionRequest = CaseActionBody;
/** The body of one action, e.g. `CaseActionRequestOf<'dispatch'>`. */
export type CaseActionRequestOf<A extends CaseAction> = Extract<CaseActionRequest, { action: A }>;
