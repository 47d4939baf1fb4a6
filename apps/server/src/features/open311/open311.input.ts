import type { Open311Error } from '@cityloop/domain/api';
import type { ZoneClock } from '@cityloop/domain';

/**
 * Reading GeoReport input: every parameter arrives as text (a query string or a form), an empty
 * one counts as absent (the spec's "optional" rule), and every mistake is collected so that the
 * partner learns all of them at once.
 */

/** What a request failed on: its HTTP status and the spec's error list. */
export class Open311Failure extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly errors: Open311Error[],
  ) {
    super(errors.map((e) => e.description).join('; '));
  }
}

/** Mistakes found so far; `check()` throws them as one failure (404 only if every one is a 404). */
export class Problems {
  readonly list: Open311Error[] = [];
  add(code: 400 | 404, description: string): void {
    this.list.push({ code, description });
  }
  get any(): boolean {
    return this.list.length > 0;
  }
  check(): void {
    if (!this.list.length) return;
    throw new Open311Failure(this.list.every((e) => e.code === 404) ? 404 : 400, this.list);
  }
}

/** Parameters by name, each with every value it was given. */
export type Fields = Record<string, string[]>;

/** A form-encoded body (`a=1&attribute[x][]=2`) as fields, in their order. */
export function formFields(body: string): Fields {
  const out: Fields = {};
  for (const [k, v] of new URLSearchParams(body)) (out[k] ??= []).push(v);
  return out;
}

/** A parsed query string or body (strings, lists, anything JSON) as fields; other values are dropped. */
export function fieldsOf(input: unknown): Fields {
  const out: Fields = {};
  if (!input || typeof input !== 'object' || Array.isArray(input)) return out;
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    const values = (Array.isArray(v) ? v : [v]).flatMap((x) =>
      typeof x === 'string' ? [x] : typeof x === 'number' || typeof x === 'boolean' ? [String(x)] : [],
    );
    if (values.length) out[k] = values;
  }
  return out;
}

/** The parameter's value; absent when missing or empty. */
export function one(f: Fields, name: string): string | undefined {
  const v = f[name]?.find((x) => x.trim() !== '');
  return v === undefined ? undefined : v.trim();
}

/** A comma-separated list parameter (`service_code=C0101,E0110`), empty items dropped. */
export function commaList(f: Fields, name: string): string[] {
  return (f[name] ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `true` and `"true"` (and TRUE, 1) are true; anything else is not. */
export function isTrue(v: string | undefined): boolean {
  if (v === undefined) return false;
  return ['true', '"true"', '1'].includes(v.trim().toLowerCase());
}

const W3C =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A W3C datetime (`2026-12-01T08:00:00+08:00`, `…Z`) as ms; one without a zone is the city's local
 * time, a date alone its midnight. Null when it is no such instant (February 30th, hour 25).
 */
export function parseDateTime(text: string, zone: Pick<ZoneClock, 'instantOf'>): number | null {
  const m = W3C.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', tz] = m;
  const nums = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  const [year, month, day, hour, minute, second] = nums;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (
    probe.getUTCFullYear() !== year ||
    probe.getUTCMonth() !== month - 1 ||
    probe.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  const msOfDay = ((hour * 60 + minute) * 60 + second) * 1000 + Math.floor(Number(`0${frac || '.0'}`) * 1000);
  if (!tz) return zone.instantOf(`${y}-${mo}-${d}`, msOfDay);
  const utc = Date.UTC(year, month - 1, day) + msOfDay;
  if (tz.toUpperCase() === 'Z') return utc;
  const sign = tz.startsWith('-') ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  const offH = Number(digits.slice(0, 2));
  const offM = Number(digits.slice(2));
  if (offH > 14 || offM > 59) return null;
  return utc - sign * (offH * 60 + offM) * 60_000;
}

/** The longest window GET requests and GET servicerequestupdates take (the spec's 90 days). */
export const MAX_WINDOW_MS = 90 * 24 * 3600_000;
/** The most requests one answer holds (the spec's 1000). */
export const MAX_RESULTS = 1000;

/** A window of time from start_date/end_date: both given at most 90 days apart, one or none filled in. */
export function dateWindow(
  f: Fields,
  p: Problems,
  now: number,
  zone: Pick<ZoneClock, 'instantOf'>,
  defaultMs: number,
): { from: number; to: number } {
  const read = (name: string) => {
    const text = one(f, name);
    if (text === undefined) return undefined;
    const ms = parseDateTime(text, zone);
    if (ms === null) p.add(400, `${name} is not a W3C datetime (e.g. 2026-12-01T00:00:00+08:00): ${text}`);
    return ms;
  };
  const start = read('start_date');
  const end = read('end_date');
  if (start === null || end === null) return { from: 0, to: 0 };
  if (start !== undefined && end !== undefined) {
    if (end < start) p.add(400, 'end_date is before start_date');
    else if (end - start > MAX_WINDOW_MS) p.add(400, 'start_date and end_date are more than 90 days apart');
    return { from: start, to: end };
  }
  if (start !== undefined) return { from: start, to: start + defaultMs };
  if (end !== undefined) return { from: end - defaultMs, to: end };
  return { from: now - defaultMs, to: now };
}

/** An integer parameter within bounds, or the default. */
export function intParam(
  f: Fields,
  p: Problems,
  name: string,
  min: number,
  max: number,
  dflt: number,
): number {
  const text = one(f, name);
  if (text === undefined) return dflt;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
    p.add(400, `${name} must be a whole number from ${min} to ${max}: ${text}`);
    return dflt;
  }
  return Number(text);
}

/** A service request id as we issue them: the case's public number. */
export const REQUEST_ID = /^[0-9A-Za-z-]{1,40}$/;

export interface RequestsFilter {
  /** service_request_id: when given, every other filter is ignored. */
  ids: string[] | null;
  /** (kind, category) keys `component:0101` of the service codes asked for; empty = all. */
  categories: string[];
  statuses: ('open' | 'closed')[];
  from: number;
  to: number;
  updatedAfter: number | null;
  updatedBefore: number | null;
  page: number;
  pageSize: number;
  extensions: boolean;
}

/** GET /requests' parameters, every mistake at once. `categoryOf` maps a service code to its category key. */
export function requestsFilter(
  f: Fields,
  now: number,
  zone: Pick<ZoneClock, 'instantOf'>,
  categoryOf: (serviceCode: string) => string | null,
): RequestsFilter {
  const p = new Problems();
  const extensions = isTrue(one(f, 'extensions'));
  const ids = commaList(f, 'service_request_id');
  if (ids.length) {
    const bad = ids.filter((id) => !REQUEST_ID.test(id));
    if (bad.length) p.add(400, `service_request_id is not a request id: ${bad.slice(0, 5).join(', ')}`);
    if (ids.length > MAX_RESULTS) p.add(400, `service_request_id lists more than ${MAX_RESULTS} ids`);
    p.check();
    return {
      ids: [...new Set(ids)],
      categories: [],
      statuses: [],
      from: 0,
      to: 0,
      updatedAfter: null,
      updatedBefore: null,
      page: 1,
      pageSize: MAX_RESULTS,
      extensions,
    };
  }
  const categories: string[] = [];
  for (const code of commaList(f, 'service_code')) {
    const key = categoryOf(code);
    if (key) categories.push(key);
    else p.add(400, `service_code ${code} is not a service of this city`);
  }
  const statuses = commaList(f, 'status').map((s) => s.toLowerCase());
  for (const s of statuses)
    if (s !== 'open' && s !== 'closed') p.add(400, `status must be open or closed: ${s}`);
  const { from, to } = dateWindow(f, p, now, zone, MAX_WINDOW_MS);
  const stamp = (name: string) => {
    const text = one(f, name);
    if (text === undefined) return null;
    const ms = parseDateTime(text, zone);
    if (ms === null) p.add(400, `${name} is not a W3C datetime: ${text}`);
    return ms;
  };
  const updatedAfter = stamp('updated_after');
  const updatedBefore = stamp('updated_before');
  const page = intParam(f, p, 'page', 1, 100_000, 1);
  const pageSize = intParam(f, p, 'page_size', 1, MAX_RESULTS, MAX_RESULTS);
  p.check();
  return {
    ids: null,
    categories: [...new Set(categories)],
    statuses: [...new Set(statuses)] as ('open' | 'closed')[],
    from,
    to,
    updatedAfter,
    updatedBefore,
    page,
    pageSize,
    extensions,
  };
}

/** The attribute answers of a POST: `attribute[code]=v`, `attribute[code][]=v1&attribute[code][]=v2`. */
export function attributeAnswers(f: Fields): Map<string, { values: string[]; multi: boolean }> {
  const out = new Map<string, { values: string[]; multi: boolean }>();
  for (const [name, values] of Object.entries(f)) {
    const m = /^attribute\[([^\]]*)\](\[\])?$/.exec(name);
    if (!m) continue;
    const code = m[1]!;
    const prev = out.get(code) ?? { values: [], multi: false };
    prev.values.push(...values.map((v) => v.trim()).filter((v) => v !== ''));
    prev.multi ||= m[2] !== undefined;
    out.set(code, prev);
  }
  return out;
}

/** Text within a length in characters (not UTF-16 units): a description may hold 4000. */
export const charLength = (s: string): number => [...s].length;

/** A plausible e-mail address (one @, something on each side, no spaces). */
export const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

/** An http(s) URL, as media_url must be. */
export function isHttpUrl(text: string): boolean {
  if (text.length > 2000) return false;
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
