import { DomainError, parseDateKey } from '@cityloop/domain';
import type { SelfInspectionInput, SelfInspectionList } from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db, Queryable } from '../../db/db.js';
import { audit } from '../audit/audit.service.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import type { ContractService } from './contracts.service.js';

/** Last day of a month (YYYY-MM). */
export const monthEnd = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** Days with a self-inspection in a month, per contract. */
export async function selfInspectionDays(
  q: Queryable,
  ids: readonly number[],
  month: string,
): Promise<Map<number, number>> {
  const r = await q.query<{ contract_id: number; days: string }>(
    `select contract_id, count(distinct inspected_on)::text as days from contract_self_inspections
      where contract_id = any($1) and inspected_on between $2::date and $3::date group by contract_id`,
    [ids, `${month}-01`, monthEnd(month)],
  );
  return new Map(r.rows.map((x) => [x.contract_id, Number(x.days)]));
}

/** The days of a month elapsed by today (the month's length once it is over; 0 before it). */
export function elapsedDays(month: string, today: string): { elapsed: number; length: number } {
  const end = monthEnd(month);
  const length = Number(end.slice(8));
  if (today > end) return { elapsed: length, length };
  if (today < `${month}-01`) return { elapsed: 0, length };
  return { elapsed: Number(today.slice(8)), length };
}

/**
 * The contractors' own inspections of their sections (自查): recorded by the contractor's staff for
 * their own contract, read by the bureau; the days count in the month's assessment when the
 * contract asks for them.
 */
export class SelfInspections {
  constructor(
    private readonly db: Db,
    private readonly contracts: ContractService,
    private readonly attachments: AttachmentsOffer,
    private readonly clock: Clock,
  ) {}

  async list(id: number, month: string, actor: Actor): Promise<SelfInspectionList> {
    const c = await this.contracts.contractFor(id, actor);
    const r = await this.db.query<{
      id: number;
      inspected_on: string;
      section: string;
      findings: number;
      fixed: number;
      note: string;
      photos: string[];
      lon: number | null;
      lat: number | null;
    }>(
      `select id, inspected_on::text as inspected_on, section, findings, fixed, note, photos, lon, lat
         from contract_self_inspections
        where contract_id = $1 and inspected_on between $2::date and $3::date order by inspected_on desc, id desc`,
      [c.id, `${month}-01`, monthEnd(month)],
    );
    const { elapsed, length } = elapsedDays(month, this.contracts.today());
    const asked = c.rules.selfInspectionDays ?? 0;
    return {
      month,
      items: r.rows.map((x) => ({
        id: x.id,
        contractId: c.id,
        inspectedOn: x.inspected_on,
        section: x.section,
        findings: x.findings,
        fixed: x.fixed,
        note: x.note,
        photos: x.photos,
        lon: x.lon,
        lat: x.lat,
      })),
      days: new Set(r.rows.map((x) => x.inspected_on)).size,
      due: asked <= 0 ? 0 : elapsed >= length ? asked : Math.floor((asked * elapsed) / length),
    };
  }

  /** A self-inspection, by the contractor's own staff only, on a day of the contract's period. */
  async record(id: number, body: SelfInspectionInput, actor: Actor): Promise<SelfInspectionList> {
    const user = actingUser(actor);
    const c = await this.contracts.contractFor(id, actor);
    if (this.contracts.ownDepartment(user) !== c.department_id)
      throw new DomainError('auth.out_of_jurisdiction', 'Only the contractor records its own inspections');
    parseDateKey(body.inspectedOn);
    if (body.inspectedOn > this.contracts.today())
      throw new DomainError('validation.failed', 'An inspection is not in the future');
    if (body.inspectedOn < c.start_date || body.inspectedOn > c.end_date)
      throw new DomainError('validation.failed', `The day is outside contract ${c.code}’s period`);
    if (body.fixed > body.findings)
      throw new DomainError('validation.failed', 'Fixed cannot exceed what was found');
    if ((body.lon === undefined) !== (body.lat === undefined))
      throw new DomainError('validation.failed', 'Give both lon and lat, or neither');
    const photos = body.photos ?? [];
    if ((await this.attachments.missing(this.db, photos)).length)
      throw new DomainError('validation.failed', 'Unknown photo');
    await this.db.tx(async (q) => {
      const r = await q.query<{ id: number }>(
        `insert into contract_self_inspections (contract_id, inspected_on, section, findings, fixed, note, photos, lon,
                lat, recorded_by, recorded_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
        [
          c.id,
          body.inspectedOn,
          body.section.trim() || body.section,
          body.findings,
          body.fixed,
          body.note ?? '',
          photos,
          body.lon ?? null,
          body.lat ?? null,
          user.id,
          this.clock.now(),
        ],
      );
      await audit(q, actor, {
        action: 'create',
        entity: 'contract_self_inspection',
        entityId: r.rows[0]!.id,
        after: body,
      });
    });
    return this.list(id, body.inspectedOn.slice(0, 7), actor);
  }
}
