import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import {
  DEMO_DISTRICTS,
  DomainError,
  FINAL_STATES,
  categoryByCode,
  maskPhone,
  type CategoryKind,
  type VisitSatisfaction,
} from '@cityloop/domain';
import type {
  OnlineRatingDecision,
  OnlineRatingList,
  OwnRating,
  PhoneCodeSent,
  PublicPhoto,
  PublicRatingBody,
  PublicRatingResult,
  PublicReportBody,
  PublicReportCreated,
  PublicReportView,
  PublicFigures,
  PublicFiguresQuery,
} from '@cityloop/domain/api';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import { actingUser, systemActor, type Actor } from '../../actor.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import type { CasesOffer } from '../cases/cases.module.js';
import type { EvaluationService } from '../evaluation/evaluation.service.js';
import type { GeocodeService } from '../geocode/geocode.service.js';
import type { GridsOffer } from '../grids/grids.module.js';
import type { NotificationsOffer } from '../notifications/notifications.module.js';
import { reencodePhoto } from './publicportal.photos.js';
import { LookupThrottle } from './publicportal.throttle.js';
import * as repo from './publicportal.repository.js';

/** The portal reports and rates as itself: the channel, never a person (source `web`). */
export const PORTAL_ACTOR: Actor = Object.freeze(systemActor('portal'));

const MINUTE = 60_000;
/** The open figures name this many categories a month, most reported first. */
const PUBLIC_CATEGORIES = 15;
const HOUR = 60 * MINUTE;
/**
 * Abuse limits. Counted in the database, so every node counts the same; a client is its address
 * (hashed). Generous for a resident, tight for a script.
 */
export const LIMITS = {
  codesPerPhonePerHour: 5,
  codeIntervalMs: MINUTE,
  codesPerClientPerHour: 10,
  uploadsPerClientPerHour: 40,
  reportsPerClientPerHour: 10,
  reportsPerPhonePerDay: 10,
  codeValidMs: 10 * MINUTE,
} as const;

/** Channel answers counted as a return visit (回访) with the channel `online`. */
const CLOSED: readonly string[] = FINAL_STATES;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface PublicPortalDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** The city's prefix of tracking codes (YT for Yantai). */
  prefix: string;
  cases: Pick<CasesOffer, 'report' | 'publicView' | 'byId' | 'act' | 'canSee' | 'figures'>;
  attachments: Pick<AttachmentsOffer, 'storePrepared'>;
  geocode: Pick<GeocodeService, 'search'>;
  grids: Pick<GridsOffer, 'codeAt'>;
  notifications: NotificationsOffer;
  evaluation: Pick<EvaluationService, 'evaluateCity'>;
}

function limited(what: string, retryAfterSeconds: number): DomainError {
  return new DomainError('public.rate_limited', what, { retryAfterSeconds });
}

/**
 * The public portal: residents report without an account (a case of source `web`, verified like
 * any other), follow it by its tracking code and rate the result; a rating is a return visit of
 * the channel `online`, and a dissatisfied one waits for the visit desk to decide on rework.
 */
export class PublicPortalService {
  private readonly year: Intl.DateTimeFormat;
  /** Tracking-code look-ups per client: codes are numbered in order, so guessing them is cheap. */
  private readonly lookups = new LookupThrottle();
  constructor(private readonly d: PublicPortalDeps) {
    this.year = new Intl.DateTimeFormat('en', { timeZone: d.timeZone, year: 'numeric' });
  }

  /** A client's address as stored: a hash, enough to count by. */
  clientOf(ip: string): string {
    return sha256(`cityloop-public:${ip}`).slice(0, 32);
  }

  private now() {
    return this.d.clock.now();
  }

  // ---- phone verification ------------------------------------------------------------------

  /** Sends a 6-digit code to the phone through the outbox (valid 10 minutes). */
  async sendCode(phone: string, ip: string, lang: 'zh' | 'en'): Promise<PhoneCodeSent> {
    const client = this.clientOf(ip);
    const now = this.now();
    const hourAgo = new Date(now.getTime() - HOUR);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(8).toString('hex');
    await this.d.db.tx(async (q) => {
      const last = await repo.lastCodeAt(q, phone);
      if (last && now.getTime() - last.getTime() < LIMITS.codeIntervalMs)
        throw limited(
          'A code was sent to this phone less than a minute ago',
          Math.ceil((LIMITS.codeIntervalMs - (now.getTime() - last.getTime())) / 1000),
        );
      if (
        (await repo.countSince(q, 'public_phone_codes', 'phone', phone, hourAgo)) >=
        LIMITS.codesPerPhonePerHour
      )
        throw limited('Too many codes for this phone in the last hour', 3600);
      if (
        (await repo.countSince(q, 'public_phone_codes', 'client_hash', client, hourAgo)) >=
        LIMITS.codesPerClientPerHour
      )
        throw limited('Too many codes asked for from this address in the last hour', 3600);
      await repo.insertCode(q, {
        phone,
        hash: sha256(`${salt}:${code}`),
        salt,
        client,
        at: now,
        expiresAt: new Date(now.getTime() + LIMITS.codeValidMs),
      });
      await this.d.notifications.enqueue(q, {
        channel: 'sms',
        recipient: phone,
        topic: 'verification_code',
        subject: lang === 'en' ? 'Verification code' : '验证码',
        body:
          lang === 'en'
            ? `[CityLoop] Your verification code is ${code}, valid for 10 minutes. Do not share it.`
            : `【城市管理】您的验证码是 ${code}，10分钟内有效，请勿告诉他人。`,
        caseId: null,
      });
    });
    this.d.notifications.nudge();
    return { sentTo: maskPhone(phone) ?? '', expiresInSeconds: LIMITS.codeValidMs / 1000 };
  }

  // ---- photos ------------------------------------------------------------------------------

  /** A resident's photo: checked, re-encoded without metadata, stored; its EXIF place is a hint. */
  async uploadPhoto(data: Buffer, ip: string): Promise<PublicPhoto> {
    const client = this.clientOf(ip);
    const now = this.now();
    if (
      (await repo.countSince(
        this.d.db,
        'public_uploads',
        'client_hash',
        client,
        new Date(now.getTime() - HOUR),
      )) >= LIMITS.uploadsPerClientPerHour
    )
      throw limited('Too many photos from this address in the last hour', 3600);
    const { hint, ...photo } = await reencodePhoto(data);
    const a = await this.d.attachments.storePrepared(photo, null);
    await repo.insertUpload(this.d.db, { id: a.id, client, hint, at: now });
    return { id: a.id, width: a.width, height: a.height, hint };
  }

  // ---- reports -----------------------------------------------------------------------------

  private async placeOf(body: PublicReportBody): Promise<{ lon: number; lat: number; address?: string }> {
    if (body.lon !== undefined || body.lat !== undefined) {
      if (body.lon === undefined || body.lat === undefined)
        throw new DomainError('validation.failed', 'lon and lat must be given together');
      if (!this.d.grids.codeAt(body.lon, body.lat))
        throw new DomainError(
          'grid.not_found',
          `The point lon ${body.lon}, lat ${body.lat} is outside the city`,
        );
      return { lon: body.lon, lat: body.lat, ...(body.address ? { address: body.address } : {}) };
    }
    if (body.address) {
      const found = (await this.d.geocode.search(body.address, 1))[0];
      if (!found || !found.gridCode)
        throw new DomainError('validation.failed', `No place of this city is called ${body.address}`);
      return { lon: found.lon, lat: found.lat, address: body.address };
    }
    throw new DomainError('validation.failed', 'Say where: a point on the map (lon, lat) or an address');
  }

  /** Checks and spends the phone's code; a wrong code counts against it (5 tries). */
  private async verifyPhone(phone: string, code: string | undefined) {
    if (!code) throw new DomainError('public.code_invalid', 'A phone number needs its verification code');
    const ok = await this.d.db.tx(async (q) => {
      const live = await repo.liveCode(q, phone, this.now());
      if (!live) return false;
      const given = Buffer.from(sha256(`${live.salt}:${code}`));
      if (!timingSafeEqual(given, Buffer.from(live.code_hash))) {
        await repo.codeTried(q, live.id);
        return false;
      }
      await repo.codeUsed(q, live.id, this.now());
      return true;
    });
    if (!ok) throw new DomainError('public.code_invalid', 'The code is wrong, used or expired');
  }

  async report(body: PublicReportBody, ip: string): Promise<PublicReportCreated> {
    const client = this.clientOf(ip);
    const now = this.now();
    if (!categoryByCode(body.category, body.kind))
      throw new DomainError('validation.failed', `Unknown ${body.kind} category ${body.category}`);
    if (
      (await repo.countSince(
        this.d.db,
        'public_reports',
        'client_hash',
        client,
        new Date(now.getTime() - HOUR),
      )) >= LIMITS.reportsPerClientPerHour
    )
      throw limited('Too many reports from this address in the last hour', 3600);
    if (body.name !== undefined && body.phone === undefined)
      throw new DomainError('validation.failed', 'A name is kept only with a verified phone number');
    if (body.verificationCode !== undefined && body.phone === undefined)
      throw new DomainError('validation.failed', 'A verification code belongs to a phone number');
    const photos = body.photos ?? [];
    const usable = await repo.usableUploads(this.d.db, photos);
    const unusable = photos.filter((p) => !usable.has(p));
    if (unusable.length)
      throw new DomainError(
        'validation.failed',
        `Photos not uploaded here or already used: ${unusable.join(', ')}`,
      );
    const place = await this.placeOf(body);
    if (body.phone !== undefined) {
      if (
        (await repo.countSince(
          this.d.db,
          'public_reports',
          'phone',
          body.phone,
          new Date(now.getTime() - 24 * HOUR),
        )) >= LIMITS.reportsPerPhonePerDay
      )
        throw limited('Too many reports from this phone today', 24 * 3600);
      await this.verifyPhone(body.phone, body.verificationCode);
    }
    const made = await this.d.cases.report(
      {
        kind: body.kind,
        category: body.category,
        lon: place.lon,
        lat: place.lat,
        crs: 'wgs84',
        description: body.description,
        address: place.address,
        // Decided here, never by the body: the public web channel, a plain request, verified on site.
        source: 'web',
        nature: 'request',
        photos,
        reporterName: body.phone ? body.name : undefined,
        reporterPhone: body.phone,
        wantsReply: body.phone !== undefined,
      },
      PORTAL_ACTOR,
      { now },
    );
    const caseId = Number(made.case.id);
    const trackingCode = await repo.insertReport(this.d.db, {
      caseId,
      prefix: this.d.prefix,
      year: this.year.format(now),
      client,
      phone: body.phone ?? null,
      at: now,
    });
    return { trackingCode };
  }

  // ---- tracking and rating -----------------------------------------------------------------

  private async caseOf(trackingCode: string) {
    const found = await repo.reportByCode(this.d.db, trackingCode);
    if (!found) throw new DomainError('not_found', `No report ${trackingCode}`);
    return found;
  }

  /** Counts a tracking-code look-up by a client (429 `public.lookup_limited` past the limit). */
  private lookedUp(ip: string) {
    this.lookups.take(this.clientOf(ip), this.now().getTime());
  }

  async track(trackingCode: string, ip: string): Promise<PublicReportView> {
    this.lookedUp(ip);
    const found = await this.caseOf(trackingCode);
    const v = await this.d.cases.publicView(found.case_id);
    if (!v) throw new DomainError('not_found', `No report ${trackingCode}`);
    const c = await this.d.cases.byId(this.d.db, found.case_id);
    const rating = c?.closed_at
      ? await repo.ratingOf(this.d.db, found.case_id, c.snapshot.reworkCount)
      : null;
    const cat = categoryByCode(v.category, v.kind);
    const photoUrl = (p: { id: string; thumbUrl: string | null }) => ({
      url: `/api/public/reports/${trackingCode}/photos/${p.id}`,
      thumbUrl: p.thumbUrl ? `/api/public/reports/${trackingCode}/photos/${p.id}?thumb=true` : null,
    });
    const closed = v.state === 'closed';
    return {
      trackingCode,
      state: v.state,
      closed: CLOSED.includes(v.state),
      kind: v.kind,
      category: v.category,
      categoryName: v.categoryName,
      categoryNameEn: cat?.nameEn ?? null,
      description: v.description,
      address: v.address,
      lon: v.lon,
      lat: v.lat,
      districtCode: v.districtCode,
      reportedAt: v.reportedAt,
      closedAt: v.closedAt,
      // Steps by role only; the notes the public may read (why not taken up, how it was closed).
      timeline: v.events.map((e) => ({
        action: e.action,
        toState: e.toState,
        at: e.at,
        note: e.comment,
        photos: e.action === 'report' ? [] : e.photos.map(photoUrl),
      })),
      photos: (v.events.find((e) => e.action === 'report')?.photos ?? []).map(photoUrl),
      rating: rating ? { satisfaction: rating.satisfaction, at: rating.created_at.toISOString() } : null,
      mayRate: closed && !rating,
    };
  }

  /** The attachment ids the public view of a report shows (its photos and those of the fix). */
  async publicPhotoIds(trackingCode: string): Promise<Set<string>> {
    const found = await this.caseOf(trackingCode);
    const v = await this.d.cases.publicView(found.case_id);
    return new Set((v?.events ?? []).flatMap((e) => e.photos.map((p) => p.id)));
  }

  async rate(trackingCode: string, body: PublicRatingBody, ip: string): Promise<PublicRatingResult> {
    this.lookedUp(ip);
    const found = await this.caseOf(trackingCode);
    return this.rateCase(found.case_id, `Report ${trackingCode}`, body);
  }

  /**
   * A signed-in resident's own report (the portal's 我的上报): its rating, and whether it may be rated.
   * Someone else's case is not found, whoever asks.
   */
  async ownRating(user: SessionUser, caseId: number): Promise<OwnRating> {
    const c = await this.ownCase(user, caseId);
    const rating = c.closed_at ? await repo.ratingOf(this.d.db, caseId, c.snapshot.reworkCount) : null;
    return {
      rating: rating ? { satisfaction: rating.satisfaction, at: rating.created_at.toISOString() } : null,
      mayRate: c.state === 'closed' && !rating,
    };
  }

  /** Rates a signed-in resident's own closed report: the same rating as by tracking code. */
  async rateOwn(user: SessionUser, caseId: number, body: PublicRatingBody): Promise<PublicRatingResult> {
    await this.ownCase(user, caseId);
    return this.rateCase(caseId, `Case ${caseId}`, body);
  }

  private async ownCase(user: SessionUser, caseId: number) {
    const c = await this.d.cases.byId(this.d.db, caseId);
    if (!c || c.reporter_id === null || c.reporter_id !== user.id)
      throw new DomainError('not_found', `No report ${caseId} of yours`);
    return c;
  }

  private async rateCase(caseId: number, label: string, body: PublicRatingBody): Promise<PublicRatingResult> {
    const c = await this.d.cases.byId(this.d.db, caseId);
    if (!c || c.state !== 'closed' || !c.closed_at)
      throw new DomainError('public.not_closed', `${label} is not closed`);
    const dissatisfied = body.satisfaction === 'dissatisfied';
    const id = await repo.insertRating(this.d.db, {
      case_id: caseId,
      closing: c.snapshot.reworkCount,
      satisfaction: body.satisfaction,
      comment: body.comment ?? null,
      state: dissatisfied ? 'review' : 'recorded',
      created_at: this.now(),
    });
    if (id === null) throw new DomainError('public.already_rated', `${label} was rated already`);
    if (dissatisfied) return { satisfaction: body.satisfaction, outcome: 'review' };
    await this.recordVisit(caseId, body.satisfaction, body.comment);
    return { satisfaction: body.satisfaction, outcome: 'recorded' };
  }

  /**
   * The rating as the closing's return visit (channel online). A closing the hotline already
   * visited keeps that visit: the rating is then kept beside it only.
   */
  private async recordVisit(caseId: number, satisfaction: VisitSatisfaction, comment: string | undefined) {
    try {
      await this.d.cases.act(
        caseId,
        {
          action: 'return_visit',
          reached: true,
          satisfaction,
          channel: 'online',
          ...(comment ? { comment } : {}),
        },
        PORTAL_ACTOR,
      );
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'case.invalid_transition') throw err;
    }
  }

  // ---- the visit desk's online ratings -------------------------------------------------------

  /** The ratings of cases in the reader's area (a district seat: its district's), newest first. */
  async onlineRatings(
    state: 'review' | 'decided',
    lang: 'zh' | 'en',
    actor: Actor,
  ): Promise<OnlineRatingList> {
    const user = actingUser(actor);
    const rows = await repo.ratings(
      this.d.db,
      state === 'review' ? ['review'] : ['reopened', 'kept', 'recorded'],
      200,
    );
    const cases = new Map(
      (await Promise.all(rows.map((r) => this.d.cases.byId(this.d.db, r.case_id)))).flatMap((c) =>
        c ? [[Number(c.id), c] as const] : [],
      ),
    );
    return {
      items: rows.flatMap((r) => {
        const c = cases.get(r.case_id);
        if (!c || !this.d.cases.canSee(user, c)) return [];
        const cat = c ? categoryByCode(c.category, c.kind) : undefined;
        return {
          id: r.id,
          caseId: r.case_id,
          caseCode: c?.code ?? '',
          trackingCode: r.tracking_code,
          categoryName: (lang === 'en' ? cat?.nameEn : undefined) ?? cat?.name ?? c?.category ?? '',
          address: c?.address ?? null,
          satisfaction: r.satisfaction,
          comment: r.comment,
          at: r.created_at.toISOString(),
          state: r.state,
        } as const;
      }),
    };
  }

  /**
   * The visit desk's decision on a dissatisfied rating: reopen the case for rework, or keep it
   * closed. Either way the rating becomes the closing's return visit (channel online), recorded by
   * the seat who decided.
   */
  async decide(id: number, decision: OnlineRatingDecision, actor: Actor): Promise<{ ok: true }> {
    const user = actingUser(actor);
    const r = await repo.ratingById(this.d.db, id);
    const c = r ? await this.d.cases.byId(this.d.db, r.case_id) : null;
    // A rating of a case outside the seat's area is not theirs to see, let alone decide.
    if (!r || !c || !this.d.cases.canSee(user, c))
      throw new DomainError('not_found', `No online rating ${id}`);
    if (r.state !== 'review') throw new DomainError('conflict', `Online rating ${id} was decided already`);
    await this.d.cases.act(
      r.case_id,
      {
        action: 'return_visit',
        reached: true,
        satisfaction: 'dissatisfied',
        channel: 'online',
        reopen: decision.reopen,
        comment: r.comment ? `${decision.comment}（市民评价：${r.comment}）` : decision.comment,
      },
      actor,
    );
    await repo.decideRating(this.d.db, id, decision.reopen ? 'reopened' : 'kept', user.id, this.now());
    return { ok: true };
  }

  // ---- public figures ------------------------------------------------------------------------

  private readonly figuresCache = new Map<string, { at: number; value: PublicFigures['months'][number] }>();

  /**
   * Per district and month: reports, closed, on time, satisfaction — the evaluation's own counts and
   * rates (the same code, city-wide), kept for 10 minutes (a public page must not be a load lever).
   */
  async figures(query: PublicFiguresQuery): Promise<PublicFigures> {
    const now = this.now();
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: this.d.timeZone,
      year: 'numeric',
      month: '2-digit',
    })
      .formatToParts(now)
      .reduce<Record<string, string>>((o, p) => ({ ...o, [p.type]: p.value }), {});
    let [y, m] = (query.month ?? `${parts.year}-${parts.month}`).split('-').map(Number) as [number, number];
    const months: string[] = [];
    for (let i = 0; i < (query.months ?? 6); i++) {
      months.push(`${y}-${String(m).padStart(2, '0')}`);
      m--;
      if (m === 0) {
        m = 12;
        y--;
      }
    }
    const out = [];
    for (const month of months) {
      const hit = this.figuresCache.get(month);
      if (hit && now.getTime() - hit.at < 10 * MINUTE) {
        out.push(hit.value);
        continue;
      }
      const r = await this.d.evaluation.evaluateCity('districts', { period: 'month', date: `${month}-01` });
      // Reports by category over the evaluation's own window, counted as the cockpit counts them.
      const mix = await this.d.cases.figures.mix(new Date(r.from), new Date(r.to), PUBLIC_CATEGORIES);
      const value = {
        month,
        partial: r.partial,
        districts: r.rows.map((row) => ({
          code: row.id,
          name: row.name,
          // The demo city's districts carry English names; an imported city's show the Chinese.
          nameEn: DEMO_DISTRICTS.find((d) => d.code === row.id && d.name === row.name)?.nameEn ?? null,
          reported: row.counts.reported ?? 0,
          closed: row.counts.closed ?? 0,
          closedOnTime: row.counts.closedOnTime ?? 0,
          onTimeClosing: row.rates.onTimeClosing,
          visited: row.counts.visited ?? 0,
          satisfaction: row.rates.satisfaction,
        })),
        categories: mix.byCategory.map((x) => {
          const cat = categoryByCode(x.category, x.kind as CategoryKind);
          return {
            kind: x.kind,
            code: x.category,
            name: cat?.name ?? x.category,
            nameEn: cat?.nameEn ?? null,
            reported: x.count,
          };
        }),
      };
      this.figuresCache.set(month, { at: now.getTime(), value });
      out.push(value);
    }
    return { months: out };
  }

  // ---- telling the reporter --------------------------------------------------------------------

  /**
   * Tells a reporter with a verified phone that their report was accepted (filed), closed or
   * reopened: once per change, whichever node sees the case's event first.
   */
  async caseChanged(caseId: number, state: string): Promise<void> {
    const topic =
      state === 'filed' || state === 'dispatched' || state === 'handling'
        ? 'open'
        : state === 'closed'
          ? 'closed'
          : null;
    if (!topic) return;
    const sent = await this.d.db.tx(async (q) => {
      const told = await repo.markNotified(q, caseId, topic);
      if (!told) return false;
      const kind =
        topic === 'closed' ? 'case_closed' : told.previous === 'closed' ? 'case_reopened' : 'case_accepted';
      const text = {
        case_accepted: `您反映的问题（${told.tracking_code}）已受理立案，正在安排处置。`,
        case_closed: `您反映的问题（${told.tracking_code}）已处理完毕并结案，欢迎凭查询码评价处理结果。`,
        case_reopened: `您反映的问题（${told.tracking_code}）已重新派遣处理。`,
      }[kind];
      await this.d.notifications.enqueue(q, {
        channel: 'sms',
        recipient: told.phone,
        topic: kind,
        subject: '城市管理',
        body: `【城市管理】${text}`,
        caseId,
      });
      return true;
    });
    if (sent) this.d.notifications.nudge();
  }
}
