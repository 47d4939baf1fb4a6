import {
  DEFAULT_ASSESSMENT_WEIGHTS,
  DomainError,
  ZoneClock,
  aspectIndex,
  shareFor,
  versionFor,
  type ScoreLevel,
} from '@cityloop/domain';
import type { AssessmentSettings, FindingView } from '@cityloop/domain/api';
import type { Clock } from '../../clock.js';
import type { Db, Queryable } from '../../db/db.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import type { CasesOffer } from '../cases/cases.module.js';
import type { GridsOffer } from '../grids/grids.module.js';
import type { EvaluationService } from '../evaluation/evaluation.service.js';
import * as repo from './assessment.repository.js';
import type { FindingRow } from './assessment.findings.repository.js';

export interface AssessmentDeps {
  cases: Pick<CasesOffer, 'report'>;
  evaluation: Pick<EvaluationService, 'evaluate'>;
  grids: Pick<GridsOffer, 'codeAt' | 'get'>;
  attachments: Pick<AttachmentsOffer, 'missing' | 'readAny'>;
}

export type Settings = AssessmentSettings;
const DEFAULT_SETTINGS: Settings = { ...DEFAULT_ASSESSMENT_WEIGHTS, focus: {} };

/**
 * What every part of the assessment shares: the database, its neighbours, the city's clock and
 * zone, the catalogue versions, the settings, and how a finding row is shown. The parts
 * (assessment.catalogue / groups / findings / review / scores / rollup) are functions of it.
 */
export class AssessmentCore {
  readonly zone: ZoneClock;

  constructor(
    readonly db: Db,
    readonly d: AssessmentDeps,
    timeZone: string,
    readonly clock: Clock,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  /** The month (YYYY-MM) an instant falls in, in the city's zone. */
  monthOf(at: Date): string {
    return new Date(at.getTime() + this.zone.offsetAt(at.getTime())).toISOString().slice(0, 7);
  }

  /** The first instant of a month in the city's zone. */
  monthStartInstant(month: string): Date {
    const guess = Date.parse(`${month}-01T00:00:00Z`);
    return new Date(guess - this.zone.offsetAt(guess));
  }

  async versions() {
    return (await repo.catalogues(this.db)).map((r) => ({ ...r, effectiveFrom: r.effective_from }));
  }

  async catalogueFor(month: string) {
    const v = versionFor(month, await this.versions());
    if (!v) throw new DomainError('not_found', `No assessment catalogue is in force in ${month}`);
    return v;
  }

  async settings(q: Queryable = this.db): Promise<Settings> {
    return { ...DEFAULT_SETTINGS, ...((await repo.setting<Settings>(q, 'settings')) ?? {}) };
  }

  async present(rows: FindingRow[], level?: ScoreLevel): Promise<FindingView[]> {
    const versions = new Map((await this.versions()).map((v) => [v.id, aspectIndex(v.body)]));
    return rows.map((r) => {
      const aspect = versions.get(r.catalogue_id)?.get(r.aspect_code)?.aspect;
      const shares = { bureau: r.share_bureau, district: r.share_district, street: r.share_street };
      return {
        id: r.id,
        month: r.month,
        catalogueVersion: r.version,
        categoryCode: r.category_code,
        aspectCode: r.aspect_code,
        aspectName: aspect?.name ?? r.aspect_code,
        aspectNameEn: aspect?.nameEn ?? r.aspect_code,
        placeKind: r.place_kind,
        placeName: r.place_name,
        lon: r.lon,
        lat: r.lat,
        gridCode: r.grid_code,
        districtCode: r.district_code,
        streetCode: r.street_code,
        streetName: r.street_name,
        unitId: r.unit_id,
        unitName: r.unit_name,
        groupId: r.group_id,
        siteId: r.site_id,
        severity: r.severity,
        occurrences: r.occurrences,
        deduction: r.deduction,
        shares,
        note: r.note,
        photoId: r.photo_id,
        needsFix: r.needs_fix,
        caseId: r.case_id,
        caseCode: r.case_code,
        caseState: r.case_state,
        reinspection: r.reinspection,
        reinspectedAt: r.reinspected_at?.toISOString() ?? null,
        reinspectionNote: r.reinspection_note,
        dispute: r.dispute,
        disputeReason: r.dispute_reason,
        disputeDecision: r.dispute_decision,
        counted: r.counted,
        foundAt: r.found_at.toISOString(),
        recordedBy: r.recorded_by_name,
        ...(level ? { borne: Math.round(r.deduction * shareFor(level, shares) * 100) / 100 } : {}),
      };
    });
  }
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
