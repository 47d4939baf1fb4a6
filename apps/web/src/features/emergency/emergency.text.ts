import type { Composer } from 'vue-i18n';
import { WARNING_TYPES } from './emergency.api';

type T = Composer['t'];

/** A warning signal in words, "暴雨蓝色预警" / "Rainstorm blue warning", from its type and colour codes. */
export function signalName(t: T, type: string, colour: string): string {
  const key = (WARNING_TYPES as Record<string, { key: string } | undefined>)[type]?.key;
  return t('emergency.warnings.signal', {
    type: key ? t(`emergency.warningTypes.${key}`) : type,
    colour: t(`emergency.colours.${colour}`),
  });
}

const COLOUR_OF_CODE: Record<string, string> = { '01': 'blue', '02': 'yellow', '03': 'orange', '04': 'red' };

/** The same from a national 4-digit code ("0201"); the code itself when it is not one. */
export function signalOfCode(t: T, code: string): string {
  const m = /^(\d{2})(\d{2})$/.exec(code);
  const colour = m ? COLOUR_OF_CODE[m[2]!] : undefined;
  return m && colour ? signalName(t, m[1]!, colour) : code;
}
