import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.js';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';

/**
 * Offline base layers: the city ships its own district, street and community outlines, coastline,
 * roads and places, so the map needs no tile server. A tile URL is optional configuration.
 */
export async function mapRoutes(app: FastifyInstance, ctx: { db: Db; bus: EventBus; config: Config }) {
  let cache: { at: number; body: unknown } | null = null;
  ctx.bus.subscribe((e) => {
    if (e.type === 'org.changed' || e.type === 'grids.imported') cache = null;
  });
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
    async () => {
      if (cache) return cache.body;
      const fc = (
        rows: Array<{ code: string; name: string; name_en?: string | null; geometry: unknown }>,
      ) => ({
        type: 'FeatureCollection',
        features: rows
          .filter((r) => r.geometry)
          .map((r) => ({
            type: 'Feature',
            properties: { code: r.code, name: r.name, ...(r.name_en ? { nameEn: r.name_en } : {}) },
            geometry: r.geometry,
          })),
      });
      const [d, s, c, extra] = await Promise.all([
        ctx.db.query<{ code: string; name: string; name_en: string | null; geometry: unknown }>(
          `select code, name, name_en, geometry from districts order by code`,
        ),
        ctx.db.query<{ code: string; name: string; geometry: unknown }>(
          `select code, name, geometry from streets order by code`,
        ),
        ctx.db.query<{ code: string; name: string; geometry: unknown }>(
          `select code, name, geometry from communities order by code`,
        ),
        ctx.db.query<{ name: string; geojson: unknown }>(
          `select name, geojson from map_layers order by name`,
        ),
      ]);
      const layers: Record<string, unknown> = {
        districts: fc(d.rows),
        streets: fc(s.rows),
        communities: fc(c.rows),
      };
      let center = [121.4, 37.54];
      for (const l of extra.rows) {
        if (l.name === 'center') center = l.geojson as number[];
        else layers[l.name] = l.geojson;
      }
      const body = { tileUrl: ctx.config.tileUrl, center, layers };
      cache = { at: Date.now(), body };
      return body;
    },
  );
}
