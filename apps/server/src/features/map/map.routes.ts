import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { BaseMapService } from './map.service.js';

export async function mapRoutes(app: FastifyInstance, ctx: { baseMap: BaseMapService }) {
  app.get(
    '/api/map/layers',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['map'],
        summary: 'Offline base layers (GeoJSON): districts, streets, communities, coastline, roads, places',
        response: {
          200: Type.Object({
            tileUrl: Type.Union([Type.String(), Type.Null()]),
            center: Type.Array(Type.Number()),
            layers: Type.Record(Type.String(), Type.Unknown()),
          }),
        },
      },
    },
    async () => ctx.baseMap.layers(),
  );
}
