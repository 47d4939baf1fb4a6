import type { Queryable } from '../../db/db.js';

/** The hotline's volume of a period: calls recorded without a case, by nature (咨询/建议/感谢). */
export class HotlineFigures {
  constructor(private readonly db: Queryable) {}

  async calls(from: Date, to: Date): Promise<Record<'inquiry' | 'suggestion' | 'thanks', number>> {
    const { rows } = await this.db.query<{ nature: string; n: string }>(
      `select nature, count(*) n from hotline_calls where created_at >= $1 and created_at < $2 group by nature`,
      [from, to],
    );
    const out = { inquiry: 0, suggestion: 0, thanks: 0 };
    for (const r of rows) if (r.nature in out) out[r.nature as keyof typeof out] = Number(r.n);
    return out;
  }
}
