import { geocodeApi, type GeocodeCandidate } from './geocode.api';

/**
 * Suggestions from the city's gazetteer for what a person types, the one in flight cancelled by
 * the next: shared by the desk's address search (Element Plus) and the phone's (plain HTML).
 * Digits alone are a grid code, not an address, and get none.
 */
export function useAddressSearch(onError: (err: unknown) => void) {
  let pending: AbortController | null = null;
  return async function suggest(q: string): Promise<GeocodeCandidate[]> {
    const query = q.trim();
    pending?.abort();
    if (!query || /^\d+$/.test(query)) return [];
    const mine = (pending = new AbortController());
    try {
      return await geocodeApi.search(query, mine.signal);
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) onError(err);
      return [];
    }
  };
}
