import { ref } from 'vue';

/**
 * The city's wall clock. Every time the app shows is in the city's zone (the server's TZ_CITY,
 * which /api/auth/me tells), never the browser's: a dispatcher travelling with a laptop, or a
 * browser set to UTC, reads the same 14:05 as the case's deadline and the station's last reading.
 */
export const DEFAULT_CITY_ZONE = 'Asia/Shanghai';
export const cityZone = ref(DEFAULT_CITY_ZONE);

/** Takes the city's zone from the server; an unknown one keeps the current. */
export function setCityZone(zone: string | null | undefined): void {
  if (!zone || zone === cityZone.value) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    cityZone.value = zone;
  } catch {
    // The server validates TZ_CITY at start; a zone this browser does not know keeps the default.
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  // Reading the ref here makes a template that formats a time follow a change of zone.
  const zone = cityZone.value;
  const key = `${locale}|${zone}|${JSON.stringify(opts)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: zone, hourCycle: 'h23' });
    formats.set(key, f);
  }
  return f;
}

export interface CityParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

/** The city's calendar date and clock time of an instant, as zero-padded strings. */
export function cityParts(at: Date | number | string): CityParts {
  const d = at instanceof Date ? at : new Date(at);
  const parts = format('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** "2026-12-01": the city's calendar day of an instant (today by default). */
export function cityDateKey(at: Date | number | string = new Date()): string {
  const p = cityParts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "2026-12-01 14:05:09" (or "14:05:09" with `timeOnly`) in the city's zone. */
export function cityDateTime(
  at: Date | number | string,
  opts: { timeOnly?: boolean; seconds?: boolean } = {},
) {
  const p = cityParts(at);
  const time = opts.seconds === false ? `${p.hour}:${p.minute}` : `${p.hour}:${p.minute}:${p.second}`;
  return opts.timeOnly ? time : `${p.year}-${p.month}-${p.day} ${time}`;
}

/**
 * How far the city's clock is ahead of UTC at an instant, in ms (+8 h for Shanghai). Charts that
 * can only draw UTC or the browser's zone draw `t + offset` in UTC to show the city's clock.
 */
export function cityOffsetMs(at: number): number {
  const p = cityParts(at);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}
