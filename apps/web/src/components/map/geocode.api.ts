import type { Static } from '@sinclair/typebox';
import type {
  GeocodeCandidate as GeocodeCandidateSchema,
  GeocodeResult as GeocodeResultSchema,
  ReverseGeocodeResult as ReverseGeocodeResultSchema,
} from '@cityloop/domain/api';
import { http } from '@/api/http';

export type GeocodeCandidate = Static<typeof GeocodeCandidateSchema>;
export type ReverseGeocodeResult = Static<typeof ReverseGeocodeResultSchema>;

/** Address search (the city's gazetteer): roads, crossings, house numbers, communities, landmarks. */
export const geocodeApi = {
  async search(q: string, signal?: AbortSignal): Promise<GeocodeCandidate[]> {
    const r = await http.get<Static<typeof GeocodeResultSchema>>('/api/geocode', { q, limit: 8 }, signal);
    return r.candidates;
  },
  reverse: (lon: number, lat: number) => http.get<ReverseGeocodeResult>('/api/geocode/reverse', { lon, lat }),
};
