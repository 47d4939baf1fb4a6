import { ref, shallowRef, watch, type Ref } from 'vue';
import { showError } from '@/api/errors';
import { casesApi, type CaseListQuery, type CaseSummary, type DeskQueue, type Queue } from './cases.api';

const PAGE = 50;

/**
 * One queue of cases with keyset paging ("load more", never page numbers). `refresh` reloads as
 * many rows as are shown, so a live update keeps the user's place; stale answers are dropped.
 */
export function useCaseQueue(
  queue: Ref<Queue>,
  filters: Ref<Omit<CaseListQuery, 'queue' | 'cursor' | 'limit'>>,
) {
  const items = shallowRef<CaseSummary[]>([]);
  const nextCursor = ref<number | null>(null);
  const loading = ref(false);
  let seq = 0;

  async function fetch(limit: number, cursor?: number) {
    const query: CaseListQuery = { ...filters.value, queue: queue.value, limit };
    if (cursor) query.cursor = cursor;
    return casesApi.list(query);
  }

  async function reload(keep = false) {
    const mine = ++seq;
    loading.value = !keep;
    try {
      const page = await fetch(keep ? Math.min(200, Math.max(PAGE, items.value.length)) : PAGE);
      if (mine !== seq) return;
      items.value = page.items;
      nextCursor.value = page.nextCursor;
    } catch (err) {
      if (mine === seq) showError(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  async function loadMore() {
    if (!nextCursor.value) return;
    const mine = ++seq;
    loading.value = true;
    try {
      const page = await fetch(PAGE, nextCursor.value);
      if (mine !== seq) return;
      items.value = [...items.value, ...page.items];
      nextCursor.value = page.nextCursor;
    } catch (err) {
      if (mine === seq) showError(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  watch([queue, filters], () => void reload(), { deep: true, immediate: true });
  return { items, nextCursor, loading, reload, loadMore };
}

/** How many cases wait in each desk queue, exactly, under the same filters: one request. */
export function useQueueCounts(filters: Ref<Omit<CaseListQuery, 'queue' | 'cursor' | 'limit'>>) {
  const counts = ref<Partial<Record<DeskQueue, number>>>({});
  let seq = 0;
  async function refresh() {
    const mine = ++seq;
    try {
      const r = await casesApi.queueCounts(filters.value);
      if (mine === seq) counts.value = r.counts;
    } catch (err) {
      if (mine === seq) showError(err);
    }
  }
  watch(filters, () => void refresh(), { deep: true, immediate: true });
  return { counts, refresh };
}
