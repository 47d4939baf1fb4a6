import type { CockpitTile, CockpitTileContext } from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import type { ContractAssessments } from './contracts.assessment.js';

/**
 * The contracts' tile on the leaders' cockpit (contracts.performance): the mean monthly score of the
 * contracts in force in the month of the period's date — the contractor assessment's own scores — with
 * the month's deductions and the contracts scored. A day or a year reads the month its date falls in.
 */
export async function contractTiles(
  assessments: Pick<ContractAssessments, 'assessMonth'>,
  ctx: CockpitTileContext & { actor: Actor },
): Promise<CockpitTile[]> {
  const month = async (date: string) => (await assessments.assessMonth(date.slice(0, 7), ctx.actor)).items;
  const [now, prev, ly] = await Promise.all([
    month(ctx.date),
    month(ctx.previousDate),
    month(ctx.lastYearDate),
  ]);
  const mean = (xs: { score: number }[]) =>
    xs.length ? Math.round((xs.reduce((s, x) => s + x.score, 0) / xs.length) * 10) / 10 : null;
  const value = mean(now);
  const [previous, lastYear] = [mean(prev), mean(ly)];
  const diff = (b: number | null) =>
    value === null || b === null ? null : Math.round((value - b) * 10) / 10;
  return [
    {
      key: 'contracts.performance',
      module: 'contracts',
      status: 'ok',
      unit: 'score',
      live: false,
      from: ctx.from.toISOString(),
      to: ctx.to.toISOString(),
      value,
      previous,
      lastYear,
      change: diff(previous),
      changeLastYear: diff(lastYear),
      items: [
        { key: 'contracts', name: '考核合同数', nameEn: 'Contracts scored', value: now.length },
        {
          key: 'deductionYuan',
          name: '扣款（元）',
          nameEn: 'Deductions (yuan)',
          value: now.reduce((s, x) => s + x.deductionYuan, 0),
        },
      ],
      drill: null,
    },
  ];
}
