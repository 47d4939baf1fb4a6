import { onBeforeUnmount } from 'vue';
import { subscribe } from '@/api/live';

export interface CaseUpdated {
  id: number;
  code: string;
  state: string;
  unitId: number | null;
}

/**
 * Calls `onChange` for every `case.updated` message, batched: a burst of updates (a dispatcher
 * clearing a queue) becomes one call after `delayMs` with every id seen. Unsubscribes on unmount.
 */
export function useCaseLive(onChange: (ids: Set<number>) => void, delayMs = 300): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let ids = new Set<number>();
  const off = subscribe<CaseUpdated>('case.updated', (data) => {
    ids.add(data.id);
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      const batch = ids;
      ids = new Set();
      onChange(batch);
    }, delayMs);
  });
  onBeforeUnmount(() => {
    off();
    if (timer) clearTimeout(timer);
  });
}
