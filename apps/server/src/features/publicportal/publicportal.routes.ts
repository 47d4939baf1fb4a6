import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DomainError, rolesFor } from '@cityloop/domain';
import {
  BigIdParams,
  ErrorResponse,
  Ok,
  OnlineRatingDecision,
  OnlineRatingList,
  OnlineRatingListQuery,
  OwnRating,
  PhoneCodeBody,
  PhoneCodeSent,
  PublicPhoto,
  PublicRatingBody,
  PublicRatingResult,
  PublicReportBody,
  PublicReportCreated,
  PublicReportView,
  PublicFigures,
  PublicFiguresQuery,
  TrackingParams,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import { requestLang } from '../../http/errors.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import { MAX_PUBLIC_PHOTO_BYTES } from './publicportal.photos.js';
import type { PublicPortalService } from './publicportal.service.js';

const tags = ['public portal'];
const open = { access: { public: true as const } };
const refused = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  429: ErrorResponse,
};

export async function publicPortalRoutes(
  app: FastifyInstance,
  ctx: { portal: PublicPortalService; attachments: Pick<AttachmentsOffer, 'readAny'> },
) {
  app.post<{ Body: PhoneCodeBody }>(
    '/api/public/phone-codes',
    {
      config: open,
      schema: {
        tags,
        summary:
          'Send a 6-digit code to a phone (through the notification outbox) to verify a report’s number',
        description:
          'At most one a minute and 5 an hour per phone, 10 an hour per client; 429 with retryAfterSeconds beyond.',
        body: PhoneCodeBody,
        response: { 200: PhoneCodeSent, ...refused },
      },
    },
    async (req) => ctx.portal.sendCode(req.body.phone, req.ip, requestLang(req)),
  );

  app.post(
    '/api/public/photos',
    {
      config: open,
      schema: {
        tags,
        summary:
          'Upload one photo for a public report (multipart field "file"; JPEG, PNG, WebP or HEIC up to 10 MB); it is re-encoded without metadata',
        description:
          'The answer’s `hint` is the photo’s EXIF position, if any: a hint for the map pin, never stored with the photo.',
        consumes: ['multipart/form-data'],
        response: { 200: PublicPhoto, ...refused },
      },
    },
    async (req) => {
      if (!req.isMultipart())
        throw new DomainError('unsupported_media', 'Send the photo as multipart/form-data, field "file"');
      const file = await req.file({ limits: { fileSize: MAX_PUBLIC_PHOTO_BYTES + 1, files: 1 } });
      if (!file) throw new DomainError('validation.failed', 'No file in the upload');
      const data = await file.toBuffer().catch((err: { code?: string; message?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE')
          throw new DomainError('payload.too_large', 'Photos may be at most 10 MB');
        if (err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.message === 'Unexpected end of multipart data')
          throw new DomainError('validation.failed', 'The upload was cut off before its end');
        throw err;
      });
      return ctx.portal.uploadPhoto(data, req.ip);
    },
  );

  app.post<{ Body: PublicReportBody }>(
    '/api/public/reports',
    {
      config: open,
      schema: {
        tags,
        summary: 'Report a problem without an account; answers the tracking code (YT-2026-000123)',
        description:
          'A point (WGS-84) or an address of the city; up to 4 photos from POST /api/public/photos; with a phone, its code from POST /api/public/phone-codes (without one the report is anonymous). The case is source `web` and is verified like any other. At most 10 reports an hour per client and 10 a day per phone.',
        body: PublicReportBody,
        response: { 200: PublicReportCreated, ...refused },
      },
    },
    async (req) => ctx.portal.report(req.body, req.ip),
  );

  app.get<{ Params: TrackingParamsT }>(
    '/api/public/reports/:trackingCode',
    {
      config: open,
      schema: {
        tags,
        summary:
          'Follow a report by its tracking code: public status timeline, public notes and photos of the fix',
        description:
          'At most 30 look-ups (this and ratings) per client in 10 minutes; 429 `public.lookup_limited` with retryAfterSeconds beyond.',
        params: TrackingParams,
        response: { 200: PublicReportView, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req) => ctx.portal.track(req.params.trackingCode, req.ip),
  );

  app.get<{ Params: TrackingParamsT & { id: string }; Querystring: { thumb?: boolean } }>(
    '/api/public/reports/:trackingCode/photos/:id',
    {
      config: open,
      schema: {
        tags,
        summary: 'A photo the public view of the report shows',
        params: Type.Object({ ...TrackingParams.properties, id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ thumb: Type.Optional(Type.Boolean()) }),
        response: { 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      const shown = await ctx.portal.publicPhotoIds(req.params.trackingCode);
      if (!shown.has(req.params.id))
        throw new DomainError('not_found', `No photo ${req.params.id} on this report`);
      const { mime, data } = await ctx.attachments.readAny(req.params.id, req.query.thumb === true);
      return reply.header('cache-control', 'public, max-age=86400').type(mime).send(data);
    },
  );

  app.post<{ Params: TrackingParamsT; Body: PublicRatingBody }>(
    '/api/public/reports/:trackingCode/rating',
    {
      config: open,
      schema: {
        tags,
        summary: 'Rate the result once the report is closed (satisfied / basically satisfied / dissatisfied)',
        description:
          'Counts as the return visit of the channel `online`; a dissatisfied rating goes to the visit desk, which decides on reopening the case for rework. One rating per closing.',
        params: TrackingParams,
        body: PublicRatingBody,
        response: { 200: PublicRatingResult, ...refused },
      },
    },
    async (req) => ctx.portal.rate(req.params.trackingCode, req.body, req.ip),
  );

  // ---- a signed-in resident's own reports (the portal) ------------------------------------------

  const own = { access: { roles: ['citizen' as const] } };
  app.get<{ Params: { id: number } }>(
    '/api/portal/cases/:id/rating',
    {
      config: own,
      schema: {
        tags,
        summary: 'A signed-in resident’s own report: its rating, and whether it may be rated now',
        params: BigIdParams,
        response: {
          200: OwnRating,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (req) => ctx.portal.ownRating(req.user!, req.params.id),
  );

  app.post<{ Params: { id: number }; Body: PublicRatingBody }>(
    '/api/portal/cases/:id/rating',
    {
      config: own,
      schema: {
        tags,
        summary: 'Rate the result of one’s own report once it is closed (as by its tracking code)',
        description:
          'The same rating as `/api/public/reports/{trackingCode}/rating`, for a report made signed in: the return visit of the channel `online`, a dissatisfied one to the visit desk. One rating per closing; another resident’s case is not found.',
        params: BigIdParams,
        body: PublicRatingBody,
        response: { 200: PublicRatingResult, ...refused, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req) => ctx.portal.rateOwn(req.user!, req.params.id, req.body),
  );

  app.get<{ Querystring: PublicFiguresQuery }>(
    '/api/public/figures',
    {
      config: open,
      schema: {
        tags,
        summary:
          'Open figures per district and month: reports, closed, closed on time, satisfaction (the evaluation’s own computation)',
        querystring: PublicFiguresQuery,
        response: { 200: PublicFigures, 400: ErrorResponse },
      },
    },
    async (req) => ctx.portal.figures(req.query),
  );

  // ---- the visit desk --------------------------------------------------------------------------

  app.get<{ Querystring: OnlineRatingListQuery }>(
    '/api/visits/online',
    {
      config: { access: { roles: rolesFor('visits'), scope: 'area' } },
      schema: {
        tags,
        summary:
          'Residents’ ratings on the public portal: dissatisfied ones waiting for a decision (review), or decided',
        querystring: OnlineRatingListQuery,
        response: { 200: OnlineRatingList, 400: ErrorResponse },
      },
    },
    async (req) => ctx.portal.onlineRatings(req.query.state ?? 'review', requestLang(req), actorOf(req)),
  );

  app.post<{ Params: { id: number }; Body: OnlineRatingDecision }>(
    '/api/visits/online/:id/decision',
    {
      config: { access: { roles: rolesFor('returnVisits'), scope: 'area' } },
      schema: {
        tags,
        summary:
          'Decide on a dissatisfied rating: reopen the case for rework, or keep it closed (recorded as its return visit)',
        params: BigIdParams,
        body: OnlineRatingDecision,
        response: { 200: Ok, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => ctx.portal.decide(req.params.id, req.body, actorOf(req)),
  );
}

type TrackingParamsT = { trackingCode: string };
