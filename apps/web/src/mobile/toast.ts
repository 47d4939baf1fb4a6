import { ref } from 'vue';

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'warn';
}

/** Short messages at the bottom of the phone screen (the phone app has no Element Plus). */
export const toasts = ref<Toast[]>([]);
let next = 1;

export function toast(text: string, kind: Toast['kind'] = 'info', ms = 3500): void {
  const id = next++;
  toasts.value = [...toasts.value, { id, text, kind }];
  setTimeout(() => (toasts.value = toasts.value.filter((x) => x.id !== id)), ms);
}
