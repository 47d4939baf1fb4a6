import { computed, ref } from 'vue';
import type { CaseListQuery } from '@/features/cases/cases.api';
import type { DeskFilterValues } from './DeskFilters.vue';

const EMPTY: DeskFilterValues = {
  districtCode: '',
  streetCode: '',
  kind: '',
  category: '',
  source: '',
  urgency: '',
  period: null,
  q: '',
};

/**
 * The desk's filters, one set for the page's whole life: the desk queue and the city map's case
 * layers read the same values, so a dispatcher who narrows the queue to a district and a category
 * sees the same cases on the map (and back).
 */
const values = ref<DeskFilterValues>({ ...EMPTY });

/** The filters as the case list, queue counts and map requests take them. */
const query = computed(() => {
  const f = values.value;
  const out: Omit<CaseListQuery, 'queue'> = {};
  if (f.streetCode) out.streetCode = f.streetCode;
  else if (f.districtCode) out.districtCode = f.districtCode;
  if (f.kind && f.category) Object.assign(out, { kind: f.kind, category: f.category });
  if (f.source) out.source = f.source;
  if (f.urgency) out.urgency = f.urgency;
  if (f.period) Object.assign(out, { from: f.period[0].toISOString(), to: f.period[1].toISOString() });
  if (f.q.trim()) out.q = f.q.trim();
  return out;
});

/** How many filters are set (a badge on a folded filter bar). */
const active = computed(() => Object.keys(query.value).filter((k) => k !== 'kind').length);

export function useDeskFilters() {
  return { values, query, active, clear: () => (values.value = { ...EMPTY }) };
}
