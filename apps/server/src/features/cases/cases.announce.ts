import type { EventBus } from '../../events/bus.js';
import type { CaseRow } from './cases.repository.js';

/** Tells the live channel a case changed, scoped to those who may read it. */
export async function announceCase(bus: EventBus, c: CaseRow): Promise<void> {
  await bus.publish({
    type: 'case.updated',
    scope: { case: { gridCode: c.grid_code, unitId: c.unit_id, reporterId: c.reporter_id } },
    data: { id: c.id, code: c.code, state: c.state, unitId: c.unit_id },
  });
}
