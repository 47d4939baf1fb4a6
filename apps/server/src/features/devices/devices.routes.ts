import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  DeviceCredentials,
  DeviceIdParams,
  DeviceInput,
  DeviceListQuery,
  DeviceProfileView,
  DeviceSummary,
  ErrorResponse,
  Page,
  SimDeviceSpec,
  SimDevicesQuery,
} from '@cityloop/domain/api';
import type { DeviceService } from './devices.service.js';
import { actorOf } from '../../http/actor.js';

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

export async function deviceRoutes(app: FastifyInstance, ctx: { devices: DeviceService }) {
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
    async (req) => devices.create(req.body, actorOf(req)),
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
    async (req) => devices.rotateToken(req.params.id, actorOf(req)),
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
