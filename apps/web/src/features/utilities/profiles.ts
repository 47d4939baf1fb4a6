import { shallowRef } from 'vue';
import { showError } from '@/api/errors';
import { utilitiesApi, type DeviceProfile } from './utilities.api';

/** The device profiles (metric names, units, commands), fetched once per page load. */
export const profiles = shallowRef<Map<string, DeviceProfile>>(new Map());
let loading: Promise<void> | null = null;

export function loadProfiles(): Promise<void> {
  loading ??= utilitiesApi.profiles().then(
    (list) => {
      profiles.value = new Map(list.map((p) => [p.type, p]));
    },
    (err: unknown) => {
      loading = null;
      showError(err);
    },
  );
  return loading;
}
