import type { Static } from '@sinclair/typebox';
import type {
  GeocodeCandidate as GeocodeCandidateSchema,
  GeocodeResult as GeocodeResultSchema,
  ReverseGeocodeResult as ReverseGeocodeResultSchema,
} from '@cityloop/domain/api';
import { http } from '@/api/http';
import { i18n } from '@/i18n';

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

/** A place's name in the interface's language: the English one in English, the Chinese otherwise. */
export function placeLabel(p: { name: string; nameEn?: string | null | undefined }): string {
  return i18n.global.locale.value === 'en' && p.nameEn ? p.nameEn : p.name;
}

/** The Chinese name beside the English one in English (what signs and staff say); none in Chinese. */
export function placeOriginal(p: { name: string; nameEn?: string | null | undefined }): string | null {
  return i18n.global.locale.value === 'en' && p.nameEn && p.nameEn !== p.name ? p.name : null;
}
