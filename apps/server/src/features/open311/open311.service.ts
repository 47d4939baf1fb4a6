import { randomBytes } from 'node:crypto';
import { sha256 } from './open311.keys.js';
import {
  CATEGORIES,
  DomainError,
  FINAL_STATES,
  MAJOR_CLASSES,
  OPEN_STATES,
  ZoneClock,
  categoryByCode,
  type Category,
  type CategoryKind,
} from '@cityloop/domain';
import type {
  Open311Attribute,
  Open311Discovery,
  Open311PostResult,
  Open311Request,
  Open311Service as Open311ServiceItem,
  Open311ServiceDefinition,
} from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { Clock } from '../../clock.js';
import { systemActor, type Actor } from '../../actor.js';
import type { CasesOffer } from '../cases/cases.module.js';
import { PUBLIC_NOTE_ACTIONS } from '../cases/cases.public.js';
import type { GridsOffer } from '../grids/grids.module.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { GeocodeService } from '../geocode/geocode.service.js';
import { zonedDateTime } from './open311.format.js';
import {
  EMAIL,
  Open311Failure,
  Problems,
  attributeAnswers,
  charLength,
  isTrue,
  dateWindow,
  isHttpUrl,
  one,
  requestsFilter,
  REQUEST_ID,
  type Fields,
} from './open311.input.js';
import * as repo from './open311.repository.js';
import type { Open311Keys } from './open311.keys.js';

export type Lang = 'zh' | 'en';

/** The system actor a partner's request reports as: the channel is Open311, never a person. */
const OPEN311_ACTOR: Actor = Object.freeze(systemActor('open311'));
const NOTE_ACTIONS = [...PUBLIC_NOTE_ACTIONS];
const RETRY_WINDOW_MS = 60_000;
const CLOSED_STATES: readonly string[] = FINAL_STATES;

/** `C0101` → component 0101, `E0110` → event 0110. */
export function serviceCodeOf(c: Pick<Category, 'kind' | 'code'>): string {
  return `${c.kind === 'component' ? 'C' : 'E'}${c.code}`;
}
export function categoryOfServiceCode(code: string): { kind: CategoryKind; category: string } | null {
  const m = /^([CE])(\d{4})$/.exec(code);
  if (!m) return null;
  const kind: CategoryKind = m[1] === 'C' ? 'component' : 'event';
  return categoryByCode(m[2]!, kind) ? { kind, category: m[2]! } : null;
}

export interface Open311Deps {
  db: Db;
  clock: Clock;
  timeZone: string;
  cases: Pick<CasesOffer, 'report'>;
  grids: Pick<GridsOffer, 'get' | 'has' | 'codeAt'>;
  calendar: Pick<CalendarService, 'hasCategory'>;
  geocode: Pick<GeocodeService, 'search'>;
  keys: Pick<Open311Keys, 'idOf'>;
}

/**
 * GeoReport v2 over the case loop: the city's categories as services, partners' reports as
 * ordinary cases (source open311, verified like any other), and the cases' public side as
 * requests and updates. Every mistake in a request is reported at once and nothing is written.
 */
export class Open311Service {
  readonly zone: ZoneClock;
  constructor(private readonly d: Open311Deps) {
    this.zone = new ZoneClock(d.timeZone);
  }

  private nowMs(): number {
    return this.d.clock.now().getTime();
  }
  private dt(ms: number): string {
    return zonedDateTime(ms, this.zone);
  }

  // ---- discovery and services -----------------------------------------------------------------

  /** The discovery document; its changeset is this release of the contract (migration 0016). */
  discovery(baseUrl: string): Open311Discovery {
    const changeset = this.dt(Date.UTC(2026, 11, 1));
    return {
      changeset,
      contact: '城市管理监督指挥中心 12319 (CityLoop city management centre, hotline 12319)',
      key_service: 'API keys are issued by the city administrator (管理员在“Open311 密钥”页面发放)',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${baseUrl}/open311/v2`,
          changeset,
          type: 'production',
          formats: ['application/xml', 'application/json'],
        },
      ],
    };
  }

  private handled(c: Category): boolean {
    return this.d.calendar.hasCategory(c.kind, c.code);
  }

  async services(lang: Lang): Promise<Open311ServiceItem[]> {
    const asking = await repo.categoriesWithAttributes(this.d.db);
    const kindWords = { component: ['部件', 'component'], event: ['事件', 'event'] } as const;
    return CATEGORIES.filter((c) => this.handled(c)).map((c) => {
      const majorEn = MAJOR_CLASSES.find((m) => m.kind === c.kind && m.code === c.major)?.nameEn;
      const major = lang === 'en' && majorEn ? majorEn : c.majorName;
      const name = lang === 'en' && c.nameEn ? c.nameEn : c.name;
      return {
        service_code: serviceCodeOf(c),
        service_name: name,
        description:
          lang === 'en'
            ? `${major}: ${name} (${kindWords[c.kind][1]} ${c.code})`
            : `${major}：${name}（${kindWords[c.kind][0]} ${c.code}）`,
        metadata: asking.has(`${c.kind}:${c.code}`),
        type: 'realtime' as const,
        keywords: [c.name, c.nameEn, c.majorName, kindWords[c.kind][1]].filter(Boolean).join(','),
        group: major,
      };
    });
  }

  private serviceOf(code: string): { kind: CategoryKind; category: string; c: Category } | null {
    const k = categoryOfServiceCode(code);
    if (!k) return null;
    const c = categoryByCode(k.category, k.kind)!;
    return this.handled(c) ? { ...k, c } : null;
  }

  private presentAttribute(a: repo.AttributeRow, lang: Lang): Open311Attribute {
    return {
      variable: a.variable,
      code: a.code,
      datatype: a.datatype as Open311Attribute['datatype'],
      required: a.required,
      datatype_description: a.datatype_description,
      order: a.ord,
      description: lang === 'en' && a.description_en ? a.description_en : a.description,
      values: a.answers.map((v) => ({ key: v.key, name: lang === 'en' && v.name_en ? v.name_en : v.name })),
    };
  }

  async definition(code: string, lang: Lang): Promise<Open311ServiceDefinition> {
    const s = this.serviceOf(code);
    if (!s) throw new Open311Failure(404, [{ code: 404, description: `service_code ${code} not found` }]);
    const attrs = await repo.attributesOf(this.d.db, s.kind, s.category);
    return { service_code: code, attributes: attrs.map((a) => this.presentAttribute(a, lang)) };
  }

  // ---- POST requests --------------------------------------------------------------------------

  /** The answers to a category's questions, checked against their datatypes. */
  private checkAnswers(
    f: Fields,
    attrs: repo.AttributeRow[],
    p: Problems,
  ): Record<string, string | string[]> {
    const given = attributeAnswers(f);
    const out: Record<string, string | string[]> = {};
    const byCode = new Map(attrs.map((a) => [a.code, a]));
    for (const code of given.keys()) {
      const a = byCode.get(code);
      if (!a || !a.variable) p.add(400, `attribute[${code}] is not an attribute of this service`);
    }
    for (const a of attrs) {
      if (!a.variable) continue;
      const values = given.get(a.code)?.values ?? [];
      if (!values.length) {
        if (a.required) p.add(400, `attribute[${a.code}] is required`);
        continue;
      }
      const keys = new Set(a.answers.map((v) => v.key));
      const bad = (why: string) => p.add(400, `attribute[${a.code}] ${why}`);
      if (a.datatype === 'multivaluelist') {
        const unknown = values.filter((v) => !keys.has(v));
        if (unknown.length) bad(`has values that are not in its list: ${unknown.join(', ')}`);
        else out[a.code] = [...new Set(values)];
        continue;
      }
      if (values.length > 1) {
        bad('takes one value');
        continue;
      }
      const v = values[0]!;
      if (a.datatype === 'singlevaluelist' && !keys.has(v)) bad(`is not one of its values: ${v}`);
      else if (a.datatype === 'number' && !/^-?\d{1,12}(\.\d{1,6})?$/.test(v)) bad(`is not a number: ${v}`);
      else if (a.datatype === 'datetime' && this.parseTime(v) === null) bad(`is not a W3C datetime: ${v}`);
      else if (a.datatype === 'string' && charLength(v) > 200) bad('is longer than 200 characters');
      else if (a.datatype === 'text' && charLength(v) > 4000) bad('is longer than 4000 characters');
      else out[a.code] = v;
    }
    return out;
  }

  private parseTime(v: string): number | null {
    const p = new Problems();
    const { from } = dateWindow({ start_date: [v] }, p, 0, this.zone, 0);
    return p.any ? null : from;
  }

  /** Where the request is: lat+long (WGS-84), else an address the city knows, else a unit grid code. */
  private async place(
    f: Fields,
    p: Problems,
  ): Promise<{ lon: number; lat: number; address: string | null; addressId: string | null } | null> {
    const latText = one(f, 'lat');
    const longText = one(f, 'long');
    const addressString = one(f, 'address_string');
    const addressId = one(f, 'address_id');
    const NUM = /^-?\d{1,3}(\.\d{1,15})?$/;
    if (latText !== undefined || longText !== undefined) {
      if (latText === undefined || longText === undefined) {
        p.add(400, 'lat and long must be given together');
        return null;
      }
      const lat = Number(latText);
      const lon = Number(longText);
      if (!NUM.test(latText) || Math.abs(lat) > 90) p.add(400, `lat is not a WGS-84 latitude: ${latText}`);
      if (!NUM.test(longText) || Math.abs(lon) > 180)
        p.add(400, `long is not a WGS-84 longitude: ${longText}`);
      if (p.any) return null;
      if (!this.d.grids.codeAt(lon, lat)) {
        p.add(400, `lat ${latText}, long ${longText} is outside the city`);
        return null;
      }
      return { lon, lat, address: addressString ?? null, addressId: null };
    }
    if (addressString !== undefined) {
      if (charLength(addressString) > 200) {
        p.add(400, 'address_string is longer than 200 characters');
        return null;
      }
      const found = (await this.d.geocode.search(addressString, 1))[0];
      if (!found || !found.gridCode) {
        p.add(400, `address_string is not an address of this city: ${addressString}`);
        return null;
      }
      return { lon: found.lon, lat: found.lat, address: addressString, addressId: null };
    }
    if (addressId !== undefined) {
      if (!/^\d{6,20}$/.test(addressId) || !this.d.grids.has(addressId)) {
        p.add(400, `address_id is not a unit grid code of this city: ${addressId}`);
        return null;
      }
      const [lon, lat] = this.d.grids.get(addressId).centroid;
      return { lon, lat, address: null, addressId };
    }
    p.add(400, 'a location is required: lat and long, address_string or address_id');
    return null;
  }

  /**
   * A partner's report → an ordinary case (source open311) waiting for verification. The same
   * content from the same key within a minute is a retry: it answers with the case made the first
   * time. Every mistake is reported at once and nothing is written.
   */
  async createRequest(f: Fields, lang: Lang): Promise<Open311PostResult> {
    const keyId = await this.d.keys.idOf(f);
    const p = new Problems();
    const code = one(f, 'service_code');
    const service = code === undefined ? null : this.serviceOf(code);
    if (code === undefined) p.add(400, 'service_code is required');
    else if (!service) p.add(404, `service_code ${code} not found`);
    const attrs = service ? await repo.attributesOf(this.d.db, service.kind, service.category) : [];
    const answers = service ? this.checkAnswers(f, attrs, p) : {};
    const description = one(f, 'description') ?? '';
    if (charLength(description) > 4000) p.add(400, 'description is longer than 4000 characters');
    const mediaUrl = one(f, 'media_url') ?? null;
    if (mediaUrl !== null && !isHttpUrl(mediaUrl))
      p.add(400, `media_url is not an http(s) URL: ${mediaUrl.slice(0, 100)}`);
    const contact: Record<string, string> = {};
    for (const [name, max] of [
      ['email', 254],
      ['first_name', 50],
      ['last_name', 50],
      ['phone', 30],
      ['device_id', 100],
      ['account_id', 100],
    ] as const) {
      const v = one(f, name);
      if (v === undefined) continue;
      if (charLength(v) > max) p.add(400, `${name} is longer than ${max} characters`);
      else contact[name] = v;
    }
    if (contact.email && !EMAIL.test(contact.email))
      p.add(400, `email is not an e-mail address: ${contact.email}`);
    if (contact.phone && !/^[0-9+\-() ]{3,30}$/.test(contact.phone))
      p.add(400, `phone is not a phone number: ${contact.phone}`);
    const place = await this.place(f, p);
    p.check();
    const { kind, category, c } = service!;
    const at = place!;

    const now = this.d.clock.now();
    const content = JSON.stringify([
      code,
      at.lon,
      at.lat,
      at.address,
      at.addressId,
      answers,
      description,
      mediaUrl,
      contact,
    ]);
    const hash = sha256(content);
    const retried = await repo.retriedRequest(
      this.d.db,
      keyId,
      hash,
      new Date(now.getTime() - RETRY_WINDOW_MS),
    );
    const notice =
      lang === 'en' ? 'Received; an inspector verifies it before it is dispatched' : '已受理，核实后派遣处置';
    const answer = (id: string) => [
      { service_request_id: id, service_notice: notice, account_id: contact.account_id ?? null },
    ];
    if (retried) return answer(retried.code);

    const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ') || undefined;
    const answerLines = attrs
      .filter((a) => answers[a.code] !== undefined)
      .map((a) => {
        const v = answers[a.code]!;
        const names = (Array.isArray(v) ? v : [v]).map((x) => a.answers.find((o) => o.key === x)?.name ?? x);
        return `${a.description} ${names.join('、')}`;
      });
    const caseText = [description || c.name, ...answerLines].join('\n').slice(0, 4000);
    let made;
    try {
      made = await this.d.cases.report(
        {
          kind,
          category,
          lon: at.lon,
          lat: at.lat,
          crs: 'wgs84',
          description: caseText,
          address: at.address ?? undefined,
          source: 'open311',
          nature: 'request',
          reporterName: name,
          reporterPhone: contact.phone,
          wantsReply: !!(contact.phone || contact.email),
          // A retry racing with the first attempt (or following its lost answer) finds its case.
          idempotencyKey: `open311:${keyId}:${hash.slice(0, 40)}:${Math.floor(now.getTime() / RETRY_WINDOW_MS)}`,
        },
        OPEN311_ACTOR,
        { now },
      );
    } catch (err) {
      if (err instanceof DomainError && err.status < 500)
        throw new Open311Failure(400, [{ code: 400, description: err.message }]);
      throw err;
    }
    await repo.insertRequest(this.d.db, {
      caseId: Number(made.case.id),
      keyId,
      token: randomBytes(12).toString('hex'),
      hash,
      attributes: answers,
      mediaUrl,
      contact,
      addressId: at.addressId,
      at: now,
    });
    return answer(made.case.code);
  }

  async token(token: string): Promise<{ service_request_id: string; token: string }[]> {
    const found = /^[0-9a-f]{8,64}$/.test(token) ? await repo.requestByToken(this.d.db, token) : null;
    if (!found) throw new Open311Failure(404, [{ code: 404, description: `token ${token} not found` }]);
    return [{ service_request_id: found.code, token }];
  }

  // ---- GET requests ---------------------------------------------------------------------------

  presentRequest(r: repo.RequestRow, lang: Lang, extensions: boolean): Open311Request {
    const c = categoryByCode(r.category, r.kind as CategoryKind);
    const closed = CLOSED_STATES.includes(r.state);
    const serviceName = (lang === 'en' ? c?.nameEn : undefined) ?? c?.name ?? r.category;
    // A partner's report was written for Open311; a caller's or an inspector's words and a
    // reporter's address may hold personal data, so other cases show their category and point only.
    const mine = r.source === 'open311';
    const out: Open311Request = {
      service_request_id: r.code,
      status: closed ? 'closed' : 'open',
      status_notes: r.note,
      service_name: serviceName,
      service_code: `${r.kind === 'component' ? 'C' : 'E'}${r.category}`,
      description: mine ? r.description : serviceName,
      agency_responsible: (lang === 'en' ? r.unit_name_en : null) ?? r.unit_name,
      service_notice: r.duplicate_code
        ? lang === 'en'
          ? `A duplicate of ${r.duplicate_code}`
          : `与 ${r.duplicate_code} 重复`
        : null,
      requested_datetime: this.dt(r.reported_ms),
      updated_datetime: this.dt(closed && r.closed_ms !== null ? r.closed_ms : r.updated_ms),
      expected_datetime: r.due_ms === null ? null : this.dt(r.due_ms),
      address: mine ? r.address : null,
      address_id: r.grid_code,
      zipcode: null,
      lat: r.lat,
      long: r.lon,
      media_url: r.media_url,
    };
    if (extensions)
      out.extended_attributes = {
        channel: r.source,
        detailed_status: r.state,
        urgency: r.urgency,
        district_code: r.district_code,
        street_code: r.street_code,
        attributes: r.attributes ?? {},
      };
    return out;
  }

  async requests(f: Fields, lang: Lang): Promise<Open311Request[]> {
    const filter = requestsFilter(f, this.nowMs(), this.zone, (code) => {
      const s = this.serviceOf(code) ?? categoryOfServiceCode(code);
      return s ? `${s.kind}:${s.category}` : null;
    });
    const rows = filter.ids
      ? await repo.requestsByCodes(this.d.db, filter.ids, NOTE_ACTIONS)
      : await repo.requestsInWindow(
          this.d.db,
          {
            from: new Date(filter.from),
            to: new Date(filter.to),
            categories: filter.categories,
            states:
              filter.statuses.length === 1
                ? filter.statuses[0] === 'open'
                  ? OPEN_STATES
                  : FINAL_STATES
                : null,
            updatedAfter: filter.updatedAfter === null ? null : new Date(filter.updatedAfter),
            updatedBefore: filter.updatedBefore === null ? null : new Date(filter.updatedBefore),
            limit: filter.pageSize,
            offset: (filter.page - 1) * filter.pageSize,
          },
          NOTE_ACTIONS,
        );
    return rows.map((r) => this.presentRequest(r, lang, filter.extensions));
  }

  async request(id: string, f: Fields, lang: Lang): Promise<Open311Request[]> {
    const rows = REQUEST_ID.test(id) ? await repo.requestsByCodes(this.d.db, [id], NOTE_ACTIONS) : [];
    if (!rows.length)
      throw new Open311Failure(404, [{ code: 404, description: `service_request_id ${id} not found` }]);
    return rows.map((r) => this.presentRequest(r, lang, isTrue(one(f, 'extensions'))));
  }
}
