import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { ZoneClock } from '@cityloop/domain';
import { toXml, zonedDateTime } from './open311.format.js';
import { categoryOfServiceCode, serviceCodeOf } from './open311.service.js';
import { updateStatusOf } from './open311.updates.js';

describe('Open311 serialising', () => {
  it('writes datetimes with the city’s offset, never without a zone', () => {
    const at = Date.UTC(2026, 11, 7, 6, 30, 15, 999);
    expect(zonedDateTime(at, new ZoneClock('Asia/Shanghai'))).toBe('2026-12-07T14:30:15+08:00');
    expect(zonedDateTime(at, new ZoneClock('UTC'))).toBe('2026-12-07T06:30:15Z');
    expect(zonedDateTime(at, new ZoneClock('America/St_Johns'))).toBe('2026-12-07T03:00:15-03:30');
    expect(zonedDateTime(Date.UTC(2026, 11, 31, 16), new ZoneClock('Asia/Shanghai'))).toBe(
      '2027-01-01T00:00:00+08:00',
    );
  });

  it('puts lists in the spec’s containers (Spark convention) and booleans as words', () => {
    const xml = toXml('services', [
      { service_code: 'C0101', metadata: true, keywords: 'a,b' },
      { service_code: 'E0101', metadata: false, keywords: null },
    ]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<services><service><service_code>C0101</service_code><metadata>true</metadata><keywords>a,b</keywords></service><service><service_code>E0101</service_code><metadata>false</metadata><keywords></keywords></service></services>',
    );
    const def = toXml('service_definition', {
      service_code: 'C0101',
      attributes: [{ code: 'x', values: [{ key: 'k', name: '缺失' }] }],
    });
    expect(def).toContain(
      '<attributes><attribute><code>x</code><values><value><key>k</key><name>缺失</name></value></values></attribute></attributes>',
    );
    expect(toXml('errors', [{ code: 403, description: 'api_key is required' }])).toContain(
      '<errors><error><code>403</code><description>api_key is required</description></error></errors>',
    );
  });

  it('escapes markup and drops characters XML cannot hold, so the document always parses', () => {
    const nasty = '<script>&"\'\u0001\u0000\uD800 ok';
    const xml = toXml('service_requests', [{ description: nasty }]);
    const back = new XMLParser({ processEntities: true }).parse(xml) as {
      service_requests: { request: { description: string } };
    };
    expect(back.service_requests.request.description).toBe('<script>&"\'\uFFFD\uFFFD\uFFFD ok');
  });
});

describe('Open311 codes and statuses', () => {
  it('names a category by kind and code, and reads it back', () => {
    expect(serviceCodeOf({ kind: 'component', code: '0101' })).toBe('C0101');
    expect(categoryOfServiceCode('E0110')).toEqual({ kind: 'event', category: '0110' });
    expect(categoryOfServiceCode('E9999')).toBeNull();
    expect(categoryOfServiceCode('0101')).toBeNull();
  });

  it('tells the case loop in mySociety’s extended statuses', () => {
    expect(updateStatusOf('reported', 'report', false)).toBe('open');
    expect(updateStatusOf('dispatched', 'dispatch', false)).toBe('action_scheduled');
    expect(updateStatusOf('closed', 'close', false)).toBe('fixed');
    expect(updateStatusOf('cancelled', 'report', true)).toBe('duplicate');
    expect(updateStatusOf('not_accepted', 'reject', false)).toBe('no_further_action');
    expect(updateStatusOf('dispatched', 'return_visit', false)).toBe('reopen');
  });
});
