import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '@cityloop/domain/api';
import type { BaseMapService } from './map.service.js';
import { MAX_TILE_ZOOM, type VectorTiles } from './map.tiles.js';

const TileSourceSchema = Type.Object({
  url: Type.String(),
  crs: Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')]),
  subdomains: Type.String(),
  maxZoom: Type.Integer(),
});

/** Tile coordinates as the path gives them: digits only, checked against the zoom by the service. */
const TileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: MAX_TILE_ZOOM }),
  x: Type.Integer({ minimum: 0, maximum: 2 ** MAX_TILE_ZOOM - 1 }),
  y: Type.Integer({ minimum: 0, maximum: 2 ** MAX_TILE_ZOOM - 1 }),
});

export async function mapRoutes(app: FastifyInstance, ctx: { baseMap: BaseMapService; tiles: VectorTiles }) {
  app.get(
    '/api/map/layers',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['map'],
        summary:
          'Offline base layers (GeoJSON: districts, streets, communities, coastline, named roads, places), the URL of the vector tiles, and the TILE_URL raster sources',
        response: {
          200: Type.Object({
            vectorTiles: Type.Object({ url: Type.String(), maxZoom: Type.Integer() }),
            tiles: Type.Array(TileSourceSchema),
            center: Type.Array(Type.Number()),
            layers: Type.Record(Type.String(), Type.Unknown()),
          }),
        },
      },
    },
    async () => ctx.baseMap.layers(),
  );

  app.get<{ Params: { z: number; x: number; y: number } }>(
    '/api/map/tiles/:z/:x/:y.pbf',
    {
      // The base map is public like the layers: the citizen portal draws it too.
      config: { access: { public: true } },
      schema: {
        tags: ['map'],
        summary:
          'A vector tile (Mapbox Vector Tile 2.1) of the base map: water, landuse, buildings, lanes, roads, waterways, places; empty where the city has nothing',
        params: TileParams,
        response: { 400: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { z, x, y } = req.params;
      const tile = await ctx.tiles.tile(z, x, y);
      return reply
        .header('content-type', 'application/vnd.mapbox-vector-tile')
        .header('cache-control', 'public, max-age=86400')
        .send(tile);
    },
  );
}
