import {
  DomainError,
  aspectIndex,
  deductionOf,
  jurisdictionCoversArea,
  shareFor,
  type ScoreLevel,
} from '@cityloop/domain';
import type { FindingList, FindingListQuery, FindingView, NewFinding } from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { SessionUser } from '../../http/access.js';
import { toWgs84 } from '../grids/grids.service.js';
import type { AssessmentCore } from './assessment.core.js';
import * as frepo from './assessment.findings.repository.js';
import * as repo from './assessment.repository.js';

const MINUTE = 60_000;

/** A finding's deduction as each level bears it (zero shares and a finding without unit bear nothing). */
export function borneRows(f: {
  district_code: string;
  street_code: string;
  unit_id: number | null;
  aspect_code: string;
  deduction: number;
  share_bureau: number;
  share_district: number;
  share_street: number;
}) {
  const shares = { bureau: f.share_bureau, district: f.share_district, street: f.share_street };
  const rows: { level: ScoreLevel; subject: string; aspect: string; amount: number }[] = [];
  const add = (level: ScoreLevel, subject: string | null) => {
    const amount = f.deduction * shareFor(level, shares);
    if (subject !== null && amount > 0) rows.push({ level, subject, aspect: f.aspect_code, amount });
  };
  add('street', f.street_code);
  add('district', f.district_code);
  add('unit', f.unit_id === null ? null : String(f.unit_id));
  return rows;
}

/**
 * Records a finding: its deduction under the catalogue version in force in its month, and, when
 * it needs fixing, a case in the loop (source `assessment`). A repeated upload (same client id)
 * answers the finding stored the first time and counts once.
 */
export async function record(
  c: AssessmentCore,
  body: NewFinding,
  actor: Actor,
): Promise<{ finding: FindingView; duplicate: boolean }> {
  const user = actingUser(actor);
  const prior = await frepo.findingIdByClientId(c.db, body.clientId);
  if (prior) return repeated(c, prior, user);
  const now = c.clock.now();
  const foundAt = body.foundAt ? new Date(body.foundAt) : now;
  if (foundAt.getTime() > now.getTime() + 5 * MINUTE)
    throw new DomainError('validation.failed', 'A finding cannot be found in the future');
  const month = c.monthOf(foundAt);
  if (await repo.closedMonth(c.db, month))
    throw new DomainError('conflict', `Month ${month} is closed: its scores are published`);
  const version = await c.catalogueFor(month);
  const found = aspectIndex(version.body).get(body.aspectCode);
  if (!found)
    throw new DomainError(
      'validation.failed',
      `Aspect ${body.aspectCode} is not in catalogue ${version.version}`,
    );
  const { aspect, category } = found;
  if (!aspect.placeKinds.includes(body.placeKind))
    throw new DomainError('validation.failed', `Aspect ${aspect.code} does not apply to a ${body.placeKind}`);
  await checkGroup(c, body.groupId, user);
  const [lon, lat] = toWgs84(body.lon, body.lat, body.crs);
  const gridCode = c.d.grids.codeAt(lon, lat);
  if (!gridCode)
    throw new DomainError('grid.not_found', `The point lon ${body.lon}, lat ${body.lat} is not in the city`);
  if (user.jurisdiction.level !== 'city' && !jurisdictionCoversArea(user.jurisdiction, gridCode))
    throw new DomainError('auth.out_of_jurisdiction', `Grid ${gridCode} is outside your jurisdiction`);
  const grid = c.d.grids.get(gridCode);
  if (body.unitId !== undefined && !(await repo.departmentExists(c.db, body.unitId)))
    throw new DomainError('validation.failed', `Unknown unit ${body.unitId}`);
  if (body.siteId !== undefined && !(await repo.siteExists(c.db, body.siteId)))
    throw new DomainError('validation.failed', `Unknown demonstration site ${body.siteId}`);
  const photos = body.photoId ? [body.photoId] : [];
  if ((await c.d.attachments.missing(c.db, photos)).length)
    throw new DomainError('validation.failed', `Unknown photo ${body.photoId}`);
  const occurrences = body.occurrences ?? 1;
  const deduction = deductionOf(aspect, body.severity, occurrences);

  let caseId: number | null = null;
  if (body.needsFix) {
    const made = await c.d.cases.report(
      {
        kind: 'event',
        category: aspect.caseCategory,
        lon,
        lat,
        description:
          `【精细化考核】${category.name}·${aspect.name}：${body.note?.trim() || aspect.standard}`.slice(
            0,
            2000,
          ),
        address: body.placeName,
        source: 'assessment',
        photos,
        idempotencyKey: `assessment:${body.clientId}`,
      },
      actor,
      { now },
    );
    caseId = Number(made.case.id);
  }
  const row: frepo.FindingInsert = {
    clientId: body.clientId,
    month: `${month}-01`,
    catalogueId: version.id,
    categoryCode: category.code,
    aspectCode: aspect.code,
    groupId: body.groupId ?? null,
    siteId: body.siteId ?? null,
    placeKind: body.placeKind,
    placeName: body.placeName ?? null,
    lon,
    lat,
    gridCode,
    districtCode: grid.district.code,
    streetCode: grid.street.code,
    unitId: body.unitId ?? null,
    severity: body.severity,
    occurrences,
    deduction,
    shares: aspect.shares,
    note: body.note ?? null,
    photoId: body.photoId ?? null,
    needsFix: body.needsFix,
    caseId,
    foundAt,
    recordedBy: user.id,
    recordedAt: now,
  };
  const id = await c.db.tx(async (q) => {
    const made = await frepo.insertFinding(q, row);
    if (made === null) return null;
    await frepo.applyDeductions(
      q,
      month,
      borneRows({
        district_code: row.districtCode,
        street_code: row.streetCode,
        unit_id: row.unitId,
        aspect_code: row.aspectCode,
        deduction,
        share_bureau: aspect.shares.bureau,
        share_district: aspect.shares.district,
        share_street: aspect.shares.street,
      }),
      1,
    );
    return made;
  });
  // Two uploads of one finding racing: the second finds the first's row.
  if (id === null) return repeated(c, (await frepo.findingIdByClientId(c.db, body.clientId))!, user);
  return { finding: await finding(c, id), duplicate: false };
}

export async function repeated(
  c: AssessmentCore,
  prior: { id: number; recorded_by: number },
  user: SessionUser,
) {
  if (prior.recorded_by !== user.id)
    throw new DomainError('conflict', 'This finding id was used by someone else');
  return { finding: await finding(c, prior.id), duplicate: true };
}

export async function checkGroup(c: AssessmentCore, groupId: number | undefined, user: SessionUser) {
  if (groupId === undefined) return;
  if (!(await repo.groupExists(c.db, groupId)))
    throw new DomainError('validation.failed', `Unknown group ${groupId}`);
  if (!user.roles.includes('supervisor') && !(await repo.isMember(c.db, groupId, user.id)))
    throw new DomainError('auth.forbidden', `You are not a member of group ${groupId}`);
}

export async function finding(c: AssessmentCore, id: number): Promise<FindingView> {
  const row = await frepo.finding(c.db, id);
  if (!row) throw new DomainError('not_found', `No finding ${id}`);
  return (await c.present([row]))[0]!;
}

export async function findings(
  c: AssessmentCore,
  query: FindingListQuery,
  actor: Actor,
): Promise<FindingList> {
  const user = actingUser(actor);
  const limit = query.limit ?? 50;
  if (query.subject !== undefined && query.level === undefined)
    throw new DomainError('validation.failed', 'subject needs level');
  const rows = await frepo.listFindings(c.db, {
    month: query.month,
    level: query.level,
    subject: query.subject,
    recordedBy: query.mine ? user.id : undefined,
    open: query.open,
    before: query.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: await c.present(page, query.level),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
