import { describe, expect, it } from 'vitest';
import { ZoneClock } from '@cityloop/domain';
import {
  Open311Failure,
  attributeAnswers,
  commaList,
  formFields,
  isTrue,
  parseDateTime,
  requestsFilter,
} from './open311.input.js';

const zone = new ZoneClock('Asia/Shanghai');
const NOW = Date.parse('2026-12-07T12:00:00+08:00');
const DAY = 24 * 3600_000;
const categoryOf = (code: string) => (code === 'C0101' ? 'component:0101' : null);
const failure = (fn: () => unknown): Open311Failure => {
  try {
    fn();
  } catch (err) {
    if (err instanceof Open311Failure) return err;
    throw err;
  }
  throw new Error('expected an Open311Failure');
};

describe('Open311 form and query parsing', () => {
  it('reads a form with single and multi-value attributes', () => {
    const f = formFields(
      'api_key=demo&service_code=E0110&attribute%5Bhazards%5D%5B%5D=traffic&attribute[hazards][]=ponding&attribute[area_m2]=2&description=%E8%B7%AF+%E5%9D%8F',
    );
    expect(f.description).toEqual(['路 坏']);
    const answers = attributeAnswers(f);
    expect(answers.get('hazards')).toEqual({ values: ['traffic', 'ponding'], multi: true });
    expect(answers.get('area_m2')).toEqual({ values: ['2'], multi: false });
  });

  it('splits comma lists and drops empty items', () => {
    expect(commaList({ status: ['open, closed', ''] }, 'status')).toEqual(['open', 'closed']);
    expect(commaList({}, 'status')).toEqual([]);
  });

  it('takes true and "true" as true, nothing else', () => {
    expect(isTrue('true')).toBe(true);
    expect(isTrue('"true"')).toBe(true);
    expect(isTrue('TRUE')).toBe(true);
    expect(isTrue('false')).toBe(false);
    expect(isTrue('yes')).toBe(false);
    expect(isTrue(undefined)).toBe(false);
  });

  it('reads W3C datetimes with a zone, and without one as the city’s local time', () => {
    expect(parseDateTime('2026-12-01T00:00:00Z', zone)).toBe(Date.UTC(2026, 11, 1));
    expect(parseDateTime('2026-12-01T08:00:00+08:00', zone)).toBe(Date.UTC(2026, 11, 1));
    expect(parseDateTime('2026-12-01T08:00:00+0800', zone)).toBe(Date.UTC(2026, 11, 1));
    expect(parseDateTime('2026-12-01T08:00', zone)).toBe(Date.UTC(2026, 11, 1));
    expect(parseDateTime('2026-12-01', zone)).toBe(Date.UTC(2026, 10, 30, 16));
    expect(parseDateTime('2026-02-30T00:00:00Z', zone)).toBeNull();
    expect(parseDateTime('2026-12-01T25:00:00Z', zone)).toBeNull();
    expect(parseDateTime('yesterday', zone)).toBeNull();
  });
});

describe('GET requests filter', () => {
  it('defaults to the last 90 days and at most 1000 requests', () => {
    const f = requestsFilter({}, NOW, zone, categoryOf);
    expect(f).toMatchObject({ ids: null, from: NOW - 90 * DAY, to: NOW, page: 1, pageSize: 1000 });
  });

  it('lets service_request_id override every other filter', () => {
    const f = requestsFilter(
      { service_request_id: ['A1,B2'], status: ['nonsense'], start_date: ['bad'] },
      NOW,
      zone,
      categoryOf,
    );
    expect(f.ids).toEqual(['A1', 'B2']);
  });

  it('allows exactly 90 days and refuses more', () => {
    const ok = requestsFilter(
      { start_date: ['2026-01-01T00:00:00Z'], end_date: ['2026-04-01T00:00:00Z'] },
      NOW,
      zone,
      categoryOf,
    );
    expect(ok.to - ok.from).toBe(90 * DAY);
    const e = failure(() =>
      requestsFilter(
        { start_date: ['2026-01-01T00:00:00Z'], end_date: ['2026-04-01T00:00:01Z'] },
        NOW,
        zone,
        categoryOf,
      ),
    );
    expect(e.status).toBe(400);
    expect(e.errors).toEqual([
      { code: 400, description: 'start_date and end_date are more than 90 days apart' },
    ]);
  });

  it('collects every mistake at once', () => {
    const e = failure(() =>
      requestsFilter(
        {
          service_code: ['C0101,Z9'],
          status: ['open,pending'],
          end_date: ['tomorrow'],
          page: ['0'],
          page_size: ['1001'],
          updated_after: ['x'],
        },
        NOW,
        zone,
        categoryOf,
      ),
    );
    expect(e.status).toBe(400);
    expect(e.errors.map((x) => x.description.split(' ')[0])).toEqual([
      'service_code',
      'status',
      'end_date',
      'updated_after',
      'page',
      'page_size',
    ]);
  });

  it('reads status and service_code lists, extensions and paging', () => {
    const f = requestsFilter(
      { service_code: ['C0101'], status: ['closed'], extensions: ['"true"'], page: ['3'], page_size: ['50'] },
      NOW,
      zone,
      categoryOf,
    );
    expect(f).toMatchObject({
      categories: ['component:0101'],
      statuses: ['closed'],
      extensions: true,
      page: 3,
      pageSize: 50,
    });
  });
});
