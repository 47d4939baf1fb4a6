import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ErrorResponse } from '@cityloop/domain/api';

const MQTT_CONTRACT = `
### MQTT contract (devices)
- \`cityloop/v1/devices/{deviceId}/telemetry\` (up): \`{"ts": <ms>, "values": {"pressure": 0.31}}\` or a batch \`[{ts, values}, …]\`
- \`cityloop/v1/devices/{deviceId}/status\` (up): \`{"status": "online"|"offline", "ts": <ms>}\`, also the last will
- \`cityloop/v1/devices/{deviceId}/commands\` (down): \`{"id", "name", "params", "ts"}\`
- \`cityloop/v1/devices/{deviceId}/commands/ack\` (up): \`{"id", "status": "delivered"|"succeeded"|"failed", "message"?, "ts"}\`

Devices authenticate with username = device id and password = device token.`;

/** OpenAPI generated from the route schemas: JSON at /api/openapi.json, interactive docs at /docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.addSchema(ErrorResponse);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CityLoop API (城市管理闭环平台)',
        version: '0.1.0',
        description: `Smart urban-management platform: case loop, citizen channels, utilities monitoring, emergency.
Errors are \`{"error": {"code", "message", "detail"}}\` with a stable code. Authentication: POST /api/auth/login sets an httpOnly cookie.
${MQTT_CONTRACT}`,
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cl_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
