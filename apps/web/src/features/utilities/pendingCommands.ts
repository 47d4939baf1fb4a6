import { computed, shallowRef } from 'vue';
import { subscribe } from '@/api/live';
import { can, me } from '@/features/auth/session';
import { utilitiesApi, type CommandView } from './utilities.api';

/**
 * Critical commands that wait for the signed-in operator's confirmation (asked for by someone
 * else), kept current over /ws while the shell watches them; the menu badge and the utilities tabs
 * read the count.
 */
export const pendingForMe = shallowRef<CommandView[]>([]);
export const pendingCount = computed(() => pendingForMe.value.length);

const mine = (c: CommandView) =>
  c.state === 'awaiting_confirmation' && c.critical && c.requestedById !== me.value?.id;

/**
 * Loads the waiting commands and follows them live; `onNew` hears of each one that arrives after
 * the load. Returns the function that stops following. Does nothing for a user who cannot confirm.
 */
export function followPendingCommands(onNew: (c: CommandView) => void): () => void {
  if (!can('commands')) return () => undefined;
  let stopped = false;
  const off = subscribe<CommandView>('command.updated', (c) => {
    const known = pendingForMe.value.some((x) => x.id === c.id);
    const rest = pendingForMe.value.filter((x) => x.id !== c.id);
    pendingForMe.value = mine(c) ? [c, ...rest] : rest;
    if (mine(c) && !known) onNew(c);
  });
  void utilitiesApi.commands({ state: 'awaiting_confirmation', limit: 100 }).then(
    (list) => {
      if (!stopped) pendingForMe.value = list.items.filter(mine);
    },
    // The badge is a nicety; the alarm console shows the list (and its error) itself.
    () => undefined,
  );
  return () => {
    stopped = true;
    off();
    pendingForMe.value = [];
  };
}
