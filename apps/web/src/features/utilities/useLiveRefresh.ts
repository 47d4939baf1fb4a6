import { onBeforeUnmount, onMounted } from 'vue';
import { subscribe } from '@/api/live';

/**
 * Calls `refresh` every `everyMs` and, debounced, when one of the live message types arrives.
 * The server pushes alarm, command and link-status events but no per-reading event, so latest
 * values are polled.
 */
export function useLiveRefresh(refresh: () => Promise<void> | void, everyMs: number, types: string[] = []) {
  let timer: ReturnType<typeof setInterval> | null = null;
  let soon: ReturnType<typeof setTimeout> | null = null;
  const offs: Array<() => void> = [];
  const run = () => void refresh();
  onMounted(() => {
    timer = setInterval(run, everyMs);
    for (const type of types) {
      offs.push(
        subscribe(type, () => {
          if (soon) clearTimeout(soon);
          soon = setTimeout(run, 500);
        }),
      );
    }
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
    if (soon) clearTimeout(soon);
    for (const off of offs) off();
  });
}
