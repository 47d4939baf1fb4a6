import { XMLBuilder } from 'fast-xml-parser';
import type { ZoneClock } from '@cityloop/domain';

/** The two formats of GeoReport v2, chosen by the resource's extension. */
export type Open311Format = 'xml' | 'json';
export const OPEN311_FORMATS: readonly Open311Format[] = ['xml', 'json'];

export const CONTENT_TYPE: Record<Open311Format, string> = {
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * An instant as GeoReport wants it: W3C datetime with the city's offset (`2026-12-07T14:05:00+08:00`).
 * The offset comes from the zone clock's cache, so a thousand rows cost a thousand string joins.
 */
export function zonedDateTime(ms: number, zone: Pick<ZoneClock, 'offsetAt'>): string {
  const offset = zone.offsetAt(ms);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

/**
 * The element name of one item of a list, by the list's name: the containers GeoReport and
 * mySociety use (services/service, service_requests/request, …); any other list holds `value`s.
 */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  service_request_updates: 'request_update',
  groups: 'group',
};

// Characters XML 1.0 cannot carry at all (C0 controls but tab, newline, return; lone surrogates, FFFE/FFFF).
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A JSON value as the XML builder's tree: lists in their containers, booleans as words. */
function xmlTree(value: unknown, name: string): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = ITEM_OF[name] ?? 'value';
    return { [item]: value.map((v) => xmlTree(v, item)) };
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = xmlTree(v, k);
    }
    return out;
  }
  if (typeof value === 'string') return value.replace(NOT_XML, '\uFFFD');
  return String(value);
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

/**
 * A document as GeoReport's XML (UTF-8, no namespace): a list under its root container
 * (`services` → `<services><service>…`), an object under the given root element.
 */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: xmlTree(value, root) }) as string}`;
}
