import type { FastifyInstance } from 'fastify';
import {
  ErrorResponse,
  GeocodeQuery,
  GeocodeResult,
  ReverseGeocodeQuery,
  ReverseGeocodeResult,
} from '@cityloop/domain/api';
import { fromWgs84, toWgs84 } from '../grids/grids.service.js';
import type { GeocodeService } from './geocode.service.js';

const tags = ['map'];

export async function geocodeRoutes(app: FastifyInstance, ctx: { geocode: GeocodeService }) {
  app.get<{ Querystring: GeocodeQuery }>(
    '/api/geocode',
    {
      // The city's own place names: public like the base map (the public portal searches too).
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'Address search: roads, crossings ("A路与B路交叉口"), house numbers, communities, landmarks',
        querystring: GeocodeQuery,
        response: { 200: GeocodeResult, 400: ErrorResponse },
      },
    },
    async (req) => {
      const found = await ctx.geocode.search(req.query.q, req.query.limit ?? 10);
      return {
        candidates: found.map((c) => {
          const [lon, lat] = fromWgs84(c.lon, c.lat, req.query.crs);
          return { ...c, lon, lat };
        }),
      };
    },
  );

  app.get<{ Querystring: ReverseGeocodeQuery }>(
    '/api/geocode/reverse',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'The nearest address to a point, and its unit grid, community, street and district',
        querystring: ReverseGeocodeQuery,
        response: { 200: ReverseGeocodeResult, 400: ErrorResponse },
      },
    },
    async (req) => {
      const r = await ctx.geocode.reverse(toWgs84(req.query.lon, req.query.lat, req.query.crs));
      const [lon, lat] = fromWgs84(r.lon, r.lat, req.query.crs);
      return { ...r, lon, lat };
    },
  );
}
