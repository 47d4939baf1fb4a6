import { ref } from 'vue';
import { hotlineApi } from './hotline.api';

/** Repeat-complaint alerts not yet taken up, for the menu's badge. */
export const alertCount = ref<number | null>(null);

export async function refreshAlertCount(): Promise<void> {
  try {
    alertCount.value = (await hotlineApi.alerts(false)).items.length;
  } catch {
    // The badge is a hint: a failed count leaves the last one.
  }
}
