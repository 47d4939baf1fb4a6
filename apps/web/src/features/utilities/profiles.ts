import { shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
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

interface Named {
  name: string;
  nameEn?: string;
}
interface Labelled {
  label: string;
  labelEn?: string;
}

/** A profile's, metric's or command's name in the page's language (Chinese where English is missing). */
export function useProfileText() {
  const { locale } = useI18n();
  const en = () => locale.value === 'en';
  return {
    nameOf: (x: Named) => (en() && x.nameEn) || x.name,
    labelOf: (x: Labelled) => (en() && x.labelEn) || x.label,
  };
}
