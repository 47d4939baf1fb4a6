import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import { DeviceIdParams, ErrorResponse, IngestStats, Series, SeriesQuery } from '@cityloop/domain/api';
import { mqttMode, type Config } from '../../config.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import type { TelemetryService } from './telemetry.service.js';

const READERS = rolesFor('utilities');
const tags = ['devices'];

export async function telemetryRoutes(
  app: FastifyInstance,
  ctx: { telemetry: TelemetryService; devices: DevicesOffer; config: Config },
) {
  app.get<{ Params: Static<typeof DeviceIdParams>; Querystring: SeriesQuery }>(
    '/api/devices/:id/series',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'A metric over time, downsampled to ~step seconds (raw rows, 1-minute or 1-hour rollups by range)',
        params: DeviceIdParams,
        querystring: SeriesQuery,
        response: { 200: Series, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.telemetry.series(ctx.devices.mustGet(req.params.id), req.query),
  );

  app.get(
    '/api/telemetry/stats',
    {
      config: { access: { roles: rolesFor('ingestStats'), scope: 'none' } },
      schema: {
        tags,
        summary: 'This node’s ingest: buffer, stored readings, drops and refusals by reason',
        response: { 200: IngestStats },
      },
    },
    async () => ({
      mode: mqttMode(ctx.config),
      ...ctx.telemetry.stats(),
    }),
  );
}
