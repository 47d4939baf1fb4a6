import type { ScoreLevel } from '@cityloop/domain';
import type {
  AssessmentGroups,
  AssessmentPlan,
  AssessmentSites,
  AssessmentTasks,
  BulletinResponse,
  CatalogueResponse,
  CatalogueVersions,
  DisputeDecision,
  FindingList,
  FindingListQuery,
  FindingView,
  NewAssessmentGroup,
  NewAssessmentPlan,
  NewCatalogueVersion,
  NewFinding,
  Reinspection,
  RollupResponse,
  ScoresResponse,
} from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import * as catalogue from './assessment.catalogue.js';
import { AssessmentCore, type Settings } from './assessment.core.js';
import * as findings from './assessment.findings.js';
import * as groups from './assessment.groups.js';
import * as pdf from './assessment.pdf.js';
import * as review from './assessment.review.js';
import * as rollups from './assessment.rollup.js';
import * as scores from './assessment.scores.js';

export type { AssessmentDeps } from './assessment.core.js';
export type { AssessmentWeights } from '@cityloop/domain';

/**
 * Fine-grained management assessment (精细化管理考核): the versioned catalogue, inspection groups and
 * plans, findings (a finding that needs fixing opens a case, supervised until re-inspected),
 * disputes, and the month's scores, rankings and bulletin. Each part lives in its own file as
 * functions of the shared core; this class is the one face the routes and the neighbours see.
 */
export class AssessmentService extends AssessmentCore {
  // ---- catalogue ------------------------------------------------------------------------------
  catalogue(month: string | undefined): Promise<CatalogueResponse> {
    return catalogue.catalogue(this, month);
  }
  catalogueVersions(): Promise<CatalogueVersions> {
    return catalogue.catalogueVersions(this);
  }
  saveCatalogue(body: NewCatalogueVersion, actor: Actor): Promise<CatalogueResponse> {
    return catalogue.saveCatalogue(this, body, actor);
  }

  // ---- groups and plans -----------------------------------------------------------------------
  groups(): Promise<AssessmentGroups> {
    return groups.groups(this);
  }
  createGroup(body: NewAssessmentGroup, actor: Actor): Promise<{ id: number }> {
    return groups.createGroup(this, body, actor);
  }
  createPlan(groupId: number, body: NewAssessmentPlan, actor: Actor): Promise<AssessmentPlan> {
    return groups.createPlan(this, groupId, body, actor);
  }
  tasks(actor: Actor): Promise<AssessmentTasks> {
    return groups.tasks(this, actor);
  }

  // ---- findings, re-inspection, disputes ------------------------------------------------------
  record(body: NewFinding, actor: Actor): Promise<{ finding: FindingView; duplicate: boolean }> {
    return findings.record(this, body, actor);
  }
  finding(id: number): Promise<FindingView> {
    return findings.finding(this, id);
  }
  findings(query: FindingListQuery, actor: Actor): Promise<FindingList> {
    return findings.findings(this, query, actor);
  }
  reinspect(id: number, body: Reinspection, actor: Actor): Promise<FindingView> {
    return review.reinspect(this, id, body, actor);
  }
  dispute(id: number, reason: string, actor: Actor): Promise<FindingView> {
    return review.dispute(this, id, reason, actor);
  }
  decide(id: number, body: DisputeDecision, actor: Actor): Promise<FindingView> {
    return review.decide(this, id, body, actor);
  }

  // ---- scores ---------------------------------------------------------------------------------
  saveSettings(body: Settings, actor: Actor): Promise<Settings> {
    return scores.saveSettings(this, body, actor);
  }
  scores(month: string, level: ScoreLevel, withPrevious = true): Promise<ScoresResponse> {
    return scores.scores(this, month, level, withPrevious);
  }
  deductionsOf(month: string, level: ScoreLevel): Promise<Map<string, { points: number; findings: number }>> {
    return scores.deductionsOf(this, month, level);
  }
  findingsBehind(level: ScoreLevel, id: string, month: string): Promise<FindingList> {
    return scores.findingsBehind(this, level, id, month);
  }
  bulletin(month: string, level: ScoreLevel): Promise<BulletinResponse> {
    return scores.bulletin(this, month, level);
  }
  closeMonth(month: string, actor: Actor): Promise<{ month: string; closedAt: string }> {
    return scores.closeMonth(this, month, actor);
  }
  /** A quarter's (YYYY-Qn) or a year's (YYYY) ranking rolled up from its months. */
  rollup(period: string, level: ScoreLevel): Promise<RollupResponse> {
    return rollups.rollup(this, period, level);
  }
  /** The month's bulletin as a PDF printed by the server. */
  bulletinPdf(month: string, level: ScoreLevel, lang: 'zh' | 'en'): Promise<{ name: string; body: Buffer }> {
    return pdf.bulletinPdf(this, month, level, lang);
  }
  /** A quarter's or a year's roll-up as a PDF printed by the server. */
  rollupPdf(period: string, level: ScoreLevel, lang: 'zh' | 'en'): Promise<{ name: string; body: Buffer }> {
    return pdf.rollupPdf(this, period, level, lang);
  }
  sites(): Promise<AssessmentSites> {
    return scores.sites(this);
  }
}
