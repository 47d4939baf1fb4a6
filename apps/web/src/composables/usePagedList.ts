import { reactive, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { Page } from '@/api/http';
import { showError } from '@/api/errors';

export interface PageRequest {
  q?: string;
  page: number;
  pageSize: number;
  /** Keyset lists: the `next` of the page before (absent on the first page). */
  after?: string;
}

export interface PagedList<T> {
  items: ShallowRef<T[]>;
  total: Ref<number>;
  page: Ref<number>;
  pageSize: Ref<number>;
  q: Ref<string>;
  loading: Ref<boolean>;
  /** Paged by keyset: only the next and previous pages can be reached (no page numbers to jump to). */
  keyset: boolean;
  reload: () => Promise<void>;
}

/**
 * One admin list: search text, filters, page and page size in; items and total out. Typing in
 * the search box or changing a filter goes back to page 1; stale answers are dropped. A `keyset`
 * list (a large table) asks for each page after the last one's `next` instead of by its number.
 */
export function usePagedList<T, F extends object = Record<string, never>>(
  fetchPage: (req: PageRequest & Partial<F>) => Promise<Page<T> & { next?: string | null }>,
  initialFilters: F = {} as F,
  opts: { pageSize?: number; keyset?: boolean } = {},
): PagedList<T> & { filters: F } {
  const keyset = opts.keyset ?? false;
  const filters = reactive({ ...initialFilters }) as F;
  const items = shallowRef<T[]>([]);
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(opts.pageSize ?? 20);
  const q = ref('');
  const loading = ref(false);
  let seq = 0;
  /** Keyset lists: the `after` of each page reached so far (index 0: page 1, none). */
  let cursors: Array<string | undefined> = [undefined];

  async function reload() {
    const mine = ++seq;
    loading.value = true;
    try {
      const active = Object.fromEntries(
        Object.entries(filters).filter(([, v]) => v !== '' && v !== null && v !== undefined),
      ) as Partial<F>;
      // A page whose cursor is not known (never reached by "next") starts over at page 1.
      if (keyset && page.value > 1 && cursors[page.value - 1] === undefined) {
        page.value = 1;
        return;
      }
      const after = keyset ? cursors[page.value - 1] : undefined;
      const req = {
        ...active,
        page: page.value,
        pageSize: pageSize.value,
        ...(q.value.trim() ? { q: q.value.trim() } : {}),
        ...(after !== undefined ? { after } : {}),
      };
      const result = await fetchPage(req);
      if (mine !== seq) return;
      items.value = result.items;
      total.value = result.total;
      if (keyset) cursors[page.value] = result.next ?? undefined;
    } catch (err) {
      if (mine === seq) showError(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function firstPage() {
    cursors = [undefined];
    if (page.value !== 1) page.value = 1;
    else void reload();
  }

  let typing: ReturnType<typeof setTimeout> | null = null;
  watch(q, () => {
    if (typing) clearTimeout(typing);
    typing = setTimeout(firstPage, 300);
  });
  watch(() => ({ ...filters }), firstPage, { deep: true });
  watch(page, () => void reload());
  // Another page size cuts the pages differently: a keyset list starts over.
  watch(pageSize, () => (keyset ? firstPage() : void reload()));
  void reload();

  return { items, total, page, pageSize, q, loading, keyset, reload, filters };
}

/** Pages through a list the server returns whole (the few districts of a city). */
export function pageLocally<T>(
  all: T[],
  req: PageRequest,
  matches: (item: T, q: string) => boolean,
): Page<T> {
  const q = req.q?.toLowerCase() ?? '';
  const hits = q ? all.filter((item) => matches(item, q)) : all;
  const start = (req.page - 1) * req.pageSize;
  return {
    items: hits.slice(start, start + req.pageSize),
    total: hits.length,
    page: req.page,
    pageSize: req.pageSize,
  };
}
