import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { DomainError, rolesFor } from '@cityloop/domain';
import {
  DeviceCredentials,
  DeviceDetail,
  DeviceIdParams,
  DeviceInput,
  DeviceListQuery,
  DeviceProfileView,
  DeviceSummary,
  ErrorResponse,
  IngestStats,
  OverviewQuery,
  Page,
  Series,
  SeriesQuery,
  SimDeviceSpec,
  SimDevicesQuery,
  UtilityOverview,
} from '@cityloop/domain/api';
import type { AppContext } from '../../context.js';
import { requireUser } from '../../http/access.js';

const READERS = rolesFor('utilities');
const ADMIN = rolesFor('admin');
const tags = ['devices'];

const MQTT_CONTRACT = `MQTT contract (QoS 1): devices publish \`cityloop/v1/devices/{deviceId}/telemetry\` with
\`{"ts": <epoch ms>, "values": {"pressure": 0.31}}\` or a batch \`[{ts, values}, …]\`,
\`…/status\` with \`{"status": "online"|"offline", "ts"}\` (also as the MQTT last will), and
\`…/commands/ack\` with \`{"id", "status": "delivered"|"succeeded"|"failed", "message"?, "ts"}\`;
they subscribe to \`…/commands\` (\`{"id", "name", "params", "ts"}\`). MQTT username = device id
(also the client id), password = the device token. Invalid payloads are dropped and counted per
device and reason; readings are stored at least once and deduplicated by (device, metric, ts).`;

export async function deviceRoutes(app: FastifyInstance, ctx: AppContext) {
  const devices = ctx.devices;

  app.get<{ Querystring: DeviceListQuery }>(
    '/api/devices',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Devices and stations: filter by type, link status, department or text',
        description: MQTT_CONTRACT,
        querystring: DeviceListQuery,
        response: { 200: Page(DeviceSummary) },
      },
    },
    async (req) => devices.list(req.query),
  );

  app.get(
    '/api/device-profiles',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Device profiles: metrics and commands per device type',
        response: { 200: Type.Array(DeviceProfileView) },
      },
    },
    async () =>
      devices.allProfiles().map((p) => ({
        type: p.type,
        name: p.name,
        nameEn: p.nameEn,
        metrics: [...p.metrics],
        commands: p.commands.map((c) => ({ ...c, params: c.params ? [...c.params] : null })),
      })),
  );

  app.get<{ Params: Static<typeof DeviceIdParams> }>(
    '/api/devices/:id',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'One device: latest values, profile, alarm rules, drop counters (token: administrators, demo devices)',
        params: DeviceIdParams,
        response: { 200: DeviceDetail, 404: ErrorResponse },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const base = await devices.detailBase(req.params.id, user);
      const device = devices.mustGet(req.params.id);
      return {
        ...base,
        latest: await ctx.telemetry.latest(device),
        rules: ctx.alarms.rules.view(device),
        openAlarms: await ctx.alarms.openCount(device.id),
      };
    },
  );

  app.post<{ Body: DeviceInput }>(
    '/api/devices',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Register a device; its MQTT token is returned once',
        body: DeviceInput,
        response: { 200: DeviceCredentials, 409: ErrorResponse },
      },
    },
    async (req) => devices.create(req.body, req),
  );

  app.post<{ Params: Static<typeof DeviceIdParams> }>(
    '/api/devices/:id/token',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Rotate a device token: the old one stops working at the next connect; the new one is shown once',
        params: DeviceIdParams,
        response: { 200: DeviceCredentials, 404: ErrorResponse },
      },
    },
    async (req) => devices.rotateToken(req.params.id, req),
  );

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
    async (req) => ctx.telemetry.series(devices.mustGet(req.params.id), req.query),
  );

  app.get<{ Querystring: Static<typeof OverviewQuery> }>(
    '/api/utilities/overview',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'One device type on the map: latest values, link status, worst open alarm, totals',
        querystring: OverviewQuery,
        response: { 200: UtilityOverview, 400: ErrorResponse },
      },
    },
    async (req) => {
      const profile = devices.profile(req.query.type);
      if (!profile) throw new DomainError('validation.failed', `Unknown device type ${req.query.type}`);
      const metrics = req.query.metrics
        ? req.query.metrics.split(',').filter(Boolean)
        : profile.metrics.map((m) => m.key);
      const worst = await ctx.alarms.worstOpen();
      const out: Static<typeof UtilityOverview> = {
        type: profile.type,
        typeName: profile.name,
        devices: [],
        counts: { online: 0, offline: 0, unknown: 0 },
        totals: {},
        openAlarms: {},
      };
      for (const d of devices.all()) {
        if (d.type !== profile.type) continue;
        const latest = ctx.telemetry.latestInMemory(d);
        const values: Record<string, number> = {};
        for (const m of metrics) {
          const v = latest?.get(m);
          if (!v) continue;
          values[m] = v.value;
          const t = (out.totals[m] ??= { sum: 0, avg: 0, min: Infinity, max: -Infinity, n: 0 });
          t.sum += v.value;
          t.n++;
          t.min = Math.min(t.min, v.value);
          t.max = Math.max(t.max, v.value);
        }
        const w = worst.get(d.id) ?? null;
        if (w) out.openAlarms[w] = (out.openAlarms[w] ?? 0) + 1;
        out.counts[d.status]++;
        out.devices.push({
          id: d.id,
          name: d.name,
          lon: d.lon,
          lat: d.lat,
          gridCode: d.gridCode,
          status: d.status,
          values,
          worstAlarm: w,
        });
      }
      for (const t of Object.values(out.totals)) t.avg = t.n ? t.sum / t.n : 0;
      return out;
    },
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
    async () => ({ mode: ctx.mqttMode, ...ctx.telemetry.stats() }),
  );

  app.get<{ Querystring: Static<typeof SimDevicesQuery> }>(
    '/api/sim/devices',
    {
      // Device tokens: an administrator only (the simulator, npm run simulate, signs in as one; a
      // loopback peer is anyone behind a local reverse proxy). Never lists devices outside the demo fleet.
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'The demo fleet’s ids, types and tokens for the simulator (administrators only)',
        querystring: SimDevicesQuery,
        response: { 200: Type.Array(SimDeviceSpec), 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req) => devices.demoFleet(req.query.limit ?? 200),
  );
}
