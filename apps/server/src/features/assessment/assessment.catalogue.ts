import { DomainError, aspectIndex, validateCatalogue, type CatalogueBody } from '@cityloop/domain';
import type { CatalogueResponse, CatalogueVersions, NewCatalogueVersion } from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import type { AssessmentCore } from './assessment.core.js';
import * as repo from './assessment.repository.js';

/** The versioned catalogue: categories (weight) → aspects; a month is scored with the version in force. */

export async function catalogue(c: AssessmentCore, month: string | undefined): Promise<CatalogueResponse> {
  const v = await c.catalogueFor(month ?? c.monthOf(c.clock.now()));
  return {
    id: v.id,
    version: v.version,
    effectiveFrom: v.effective_from.slice(0, 7),
    note: v.note,
    categories: v.body.categories,
  };
}

export async function catalogueVersions(c: AssessmentCore): Promise<CatalogueVersions> {
  return {
    items: (await c.versions()).map((v) => ({
      id: v.id,
      version: v.version,
      effectiveFrom: v.effective_from.slice(0, 7),
      note: v.note,
      categories: v.body.categories.length,
      aspects: aspectIndex(v.body).size,
      createdAt: v.created_at.toISOString(),
    })),
  };
}

/**
 * A new catalogue version, in force from a month on. It may not reach back: a month that has
 * begun keeps the version it began with, and a closed month's scores never move.
 */
export async function saveCatalogue(
  c: AssessmentCore,
  body: NewCatalogueVersion,
  actor: Actor,
): Promise<CatalogueResponse> {
  const user = actingUser(actor);
  const catalogue: CatalogueBody = { categories: body.categories };
  validateCatalogue(catalogue);
  const current = c.monthOf(c.clock.now());
  if (body.effectiveFrom <= current)
    throw new DomainError(
      'conflict',
      `A new catalogue takes effect from a month that has not begun (after ${current}); months already scored keep their version`,
    );
  const id = await c.db.tx(async (q) => {
    const lastClosed = await repo.lastClosedMonth(q);
    if (lastClosed && body.effectiveFrom <= lastClosed)
      throw new DomainError('conflict', `Month ${lastClosed} is closed`);
    const made = await repo.insertCatalogue(q, {
      version: body.version,
      effectiveFrom: `${body.effectiveFrom}-01`,
      body: catalogue,
      note: body.note ?? null,
      userId: user.id,
    });
    if (made === null)
      throw new DomainError(
        'conflict',
        `A version named ${body.version} or from ${body.effectiveFrom} exists`,
      );
    await audit(q, actor, {
      action: 'assessment.catalogue',
      entity: 'assessment_catalogue',
      entityId: made,
      after: {
        version: body.version,
        effectiveFrom: body.effectiveFrom,
        aspects: aspectIndex(catalogue).size,
      },
    });
    return made;
  });
  return {
    id,
    version: body.version,
    effectiveFrom: body.effectiveFrom,
    note: body.note ?? null,
    categories: body.categories,
  };
}
