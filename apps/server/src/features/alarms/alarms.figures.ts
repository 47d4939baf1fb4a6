import type { Queryable } from '../../db/db.js';
import { openAlarms, type AlarmRow } from './alarms.repository.js';

/**
 * The alarms as the cockpit counts them: those whose condition still holds now (active or
 * acknowledged), and those raised in a period, by severity.
 */
export class AlarmFigures {
  constructor(private readonly db: Queryable) {}

  /** The alarms whose condition holds now, worst and newest first. */
  async active(): Promise<AlarmRow[]> {
    const order = ['critical', 'major', 'minor', 'warning'];
    return (await openAlarms(this.db))
      .filter((a) => a.state === 'active' || a.state === 'acknowledged')
      .sort(
        (a, b) =>
          order.indexOf(a.severity) - order.indexOf(b.severity) ||
          b.raised_at.getTime() - a.raised_at.getTime(),
      );
  }

  /** Alarms raised in [from, to), by severity. */
  async raised(from: Date, to: Date): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ severity: string; n: string }>(
      `select severity, count(*) n from alarms where raised_at >= $1 and raised_at < $2 group by severity`,
      [from, to],
    );
    return Object.fromEntries(rows.map((r) => [r.severity, Number(r.n)]));
  }
}
