import { ref } from 'vue';

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'warn';
  key?: string | undefined;
}

/** Short messages at the top of the phone screen (the phone app has no Element Plus). */
export const toasts = ref<Toast[]>([]);
let next = 1;
/** More would cover the screen: the oldest gives way. */
export const MAX_TOASTS = 2;

/**
 * Shows a message for a while. A message with a `key` replaces the one shown under the same key
 * ("sending…" becomes "sent"), so one report's news never stacks up.
 */
export function toast(text: string, kind: Toast['kind'] = 'info', ms = 3500, key?: string): void {
  const id = next++;
  const others = toasts.value.filter((x) => key === undefined || x.key !== key);
  toasts.value = [...others, { id, text, kind, key }].slice(-MAX_TOASTS);
  setTimeout(() => (toasts.value = toasts.value.filter((x) => x.id !== id)), ms);
}
