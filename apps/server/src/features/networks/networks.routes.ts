import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  AgingQuery,
  AgingReport,
  CandidateList,
  CandidateQuery,
  ErrorResponse,
  NetworkGeojsonImportBody,
  NetworkImportBody,
  NetworkImportReport,
  SegmentFeatureCollection,
  SegmentQuery,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { NetworkService } from './networks.service.js';

const READERS = rolesFor('infrastructure');
const tags = ['networks'];
const Threshold = Type.Object({
  thresholdYears: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, description: 'Flag segments older than this (15 by default)' }),
  ),
});
const SegmentsQuery = Type.Composite([SegmentQuery, Threshold], { additionalProperties: false });
const AgingQ = Type.Composite([AgingQuery, Threshold], { additionalProperties: false });
const CandidatesQ = Type.Composite([CandidateQuery, Threshold], { additionalProperties: false });

/** The pipe networks: segments in a view, the aging report and the renovation candidates. */
export async function networkRoutes(
  app: FastifyInstance,
  ctx: { networks: NetworkService; gridAt: (lon: number, lat: number) => string | null },
) {
  app.post<{ Body: NetworkImportBody }>(
    '/api/networks/import',
    {
      config: { access: { roles: rolesFor('networkImport'), scope: 'none' } },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import a pipe register (Excel or CSV): a validation report (row, field, problem in zh and en); nothing is written when any row has a problem',
        body: NetworkImportBody,
        response: { 200: NetworkImportReport, 400: ErrorResponse },
      },
    },
    async (req) => ctx.networks.importRegister(req.body, actorOf(req), ctx.gridAt),
  );

  app.post<{ Body: NetworkGeojsonImportBody }>(
    '/api/networks/import/geojson',
    {
      config: { access: { roles: rolesFor('networkImport'), scope: 'none' } },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import pipe segments from GeoJSON (a FeatureCollection of LineStrings, register columns as properties): 200 with the report when imported (or dryRun passes), 422 with the validation report when any feature has a problem; nothing is written then',
        body: NetworkGeojsonImportBody,
        response: { 200: NetworkImportReport, 400: ErrorResponse, 422: NetworkImportReport },
      },
    },
    async (req, reply) => {
      const report = await ctx.networks.importGeojson(req.body, actorOf(req), ctx.gridAt);
      return report.ok ? report : reply.code(422).send(report);
    },
  );

  app.get<{ Querystring: Static<typeof SegmentsQuery> }>(
    '/api/networks/segments',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Pipe segments of one network in a box (GeoJSON), with age, renewal reasons and risk score',
        querystring: SegmentsQuery,
        response: { 200: SegmentFeatureCollection, 400: ErrorResponse },
      },
    },
    async (req) => ctx.networks.inBox(req.query, actorOf(req)),
  );

  app.get<{ Querystring: Static<typeof AgingQ> }>(
    '/api/networks/aging',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Km by age band, material and risk grade per network, and the renovation candidates',
        querystring: AgingQ,
        response: { 200: AgingReport, 400: ErrorResponse },
      },
    },
    async (req) => ctx.networks.aging(req.query),
  );

  app.get<{ Querystring: Static<typeof CandidatesQ> }>(
    '/api/networks/candidates',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Renovation candidates, riskiest first, with their total km per network',
        querystring: CandidatesQ,
        response: { 200: CandidateList, 400: ErrorResponse },
      },
    },
    async (req) => ctx.networks.candidates(req.query),
  );
}
