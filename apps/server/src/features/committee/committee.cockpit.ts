import type { CockpitTile, CockpitTileContext } from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import type { CommitteeService } from './committee.service.js';

/** The days a cockpit period covers, as date keys (a month's or year's last day is bounded by -31). */
function daysOf(period: CockpitTileContext['period'], date: string): [string, string] {
  if (period === 'day') return [date, date];
  if (period === 'month') return [`${date.slice(0, 7)}-01`, `${date.slice(0, 7)}-31`];
  return [`${date.slice(0, 4)}-01-01`, `${date.slice(0, 4)}-12-31`];
}

/**
 * The committee's tile on the leaders' cockpit (committee.campaigns): the special campaigns running
 * in the period — the committee's own list, counted — with their late tasks and their progress.
 */
export async function committeeTiles(
  committee: Pick<CommitteeService, 'campaigns'>,
  ctx: CockpitTileContext & { actor: Actor },
): Promise<CockpitTile[]> {
  const { items } = await committee.campaigns(ctx.actor);
  const running = (date: string) => {
    const [from, to] = daysOf(ctx.period, date);
    return items.filter((c) => c.startDate <= to && c.endDate >= from);
  };
  const now = running(ctx.date);
  const change = (a: number, b: number | null) => (b === null ? null : a - b);
  const previous = running(ctx.previousDate).length;
  const lastYear = running(ctx.lastYearDate).length;
  const target = now.reduce((s, c) => s + c.target, 0);
  const done = now.reduce((s, c) => s + c.done, 0);
  return [
    {
      key: 'committee.campaigns',
      module: 'committee',
      status: 'ok',
      unit: 'count',
      live: false,
      from: ctx.from.toISOString(),
      to: ctx.to.toISOString(),
      value: now.length,
      previous,
      lastYear,
      change: change(now.length, previous),
      changeLastYear: change(now.length, lastYear),
      items: [
        {
          key: 'lateTasks',
          name: '逾期任务',
          nameEn: 'Late tasks',
          value: now.reduce((s, c) => s + c.lateTasks, 0),
        },
        {
          key: 'progress',
          name: '总体进度 %',
          nameEn: 'Progress %',
          value: target > 0 ? Math.round((done / target) * 100) : 0,
        },
      ],
      drill: null,
    },
  ];
}
