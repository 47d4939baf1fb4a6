import type { Role } from '../roles.js';
import type { Colour, Hazard, Level, WarningTypeCode } from './warnings.js';

/** Rainfall windows CityLoop sums at each rain gauge, in hours. */
export const RAIN_WINDOWS_H = [1, 3, 6, 12, 24] as const;
export type RainWindowH = (typeof RAIN_WINDOWS_H)[number];

/**
 * One condition of a level; any one met proposes the level. `warning`: a valid warning of that
 * type at this colour or above. `rainfall`/`snowfall`: at least `gauges` reporting gauges with
 * `mm` or more within the window. `depth`: at least `points` reporting waterlogging points at
 * `cm` or deeper.
 */
export type Trigger =
  | { kind: 'warning'; type: WarningTypeCode; colour: Colour }
  | { kind: 'rainfall'; windowH: RainWindowH; mm: number; gauges: number }
  | { kind: 'snowfall'; windowH: RainWindowH; mm: number; gauges: number }
  | { kind: 'depth'; cm: number; points: number };

/** A department's actions at a level (a checklist), named by the department's code. */
export interface PlanAction {
  department: string;
  items: Array<{ zh: string; en: string }>;
}

export interface PlanLevel {
  level: Level;
  triggers: Trigger[];
  actions: PlanAction[];
  /** Departments (codes) that must staff a shift; `leaderOnShift` at the higher levels. */
  duty: string[];
  leaderOnShift: boolean;
  /** Who is called and must acknowledge (叫应): usernames and department codes. */
  acknowledge: { users: string[]; departments: string[] };
  /** Who may sign this level's activation, raise, lower or end. */
  signers: Role[];
}

export interface PlanBody {
  name: string;
  nameEn: string;
  /** Minutes before an unacknowledged call-out is escalated. */
  escalateAfterMin: number;
  levels: PlanLevel[];
}

const act = (department: string, ...items: Array<[string, string]>): PlanAction => ({
  department,
  items: items.map(([zh, en]) => ({ zh, en })),
});
const warn = (type: WarningTypeCode, colour: Colour): Trigger => ({ kind: 'warning', type, colour });

const COMMANDERS: Role[] = ['commander', 'leader'];
const LEADERS: Role[] = ['leader'];

/** The demo city's plans, from docs/EMERGENCY.md; an administrator edits them (each save is a version). */
export const SEED_PLANS: Record<Hazard, PlanBody> = {
  rainstorm: {
    name: '城市防汛排涝应急预案',
    nameEn: 'Urban flood control and drainage plan',
    escalateAfterMin: 15,
    levels: [
      {
        level: 'IV',
        triggers: [
          warn('02', 'blue'),
          { kind: 'rainfall', windowH: 12, mm: 50, gauges: 1 },
          { kind: 'depth', cm: 15, points: 2 },
        ],
        actions: [
          act(
            'drainage',
            ['预排预降：泵站提前开泵降低管网水位', 'Pre-start the pumps to lower the sewers'],
            ['积水点提前一小时到岗值守', 'Staff the ponding points an hour ahead'],
          ),
          act('municipal', ['巡查雨水口，清掏堵塞', 'Patrol and clear blocked inlets']),
        ],
        duty: ['drainage', 'municipal'],
        leaderOnShift: false,
        acknowledge: { users: ['drainage.handler'], departments: ['drainage', 'municipal'] },
        signers: COMMANDERS,
      },
      {
        level: 'III',
        triggers: [
          warn('02', 'yellow'),
          { kind: 'rainfall', windowH: 6, mm: 50, gauges: 1 },
          { kind: 'depth', cm: 25, points: 3 },
        ],
        actions: [
          act(
            'drainage',
            ['全部泵站满负荷运行', 'Run every pump station at full capacity'],
            ['移动泵车赴重点积水点', 'Send mobile pump trucks to the key ponding points'],
          ),
          act('traffic', [
            '积水下穿立交设置警示、必要时封闭',
            'Warn at flooded underpasses, close them when red',
          ]),
          act('municipal', ['沙袋、发电机前置', 'Pre-position sandbags and generators']),
        ],
        duty: ['drainage', 'municipal', 'traffic'],
        leaderOnShift: false,
        acknowledge: {
          users: ['drainage.handler', 'traffic.handler'],
          departments: ['drainage', 'municipal', 'traffic'],
        },
        signers: COMMANDERS,
      },
      {
        level: 'II',
        triggers: [
          warn('02', 'orange'),
          { kind: 'rainfall', windowH: 3, mm: 50, gauges: 1 },
          { kind: 'depth', cm: 25, points: 10 },
        ],
        actions: [
          act('drainage', ['抢险队伍全员上岗', 'Every rescue team on duty']),
          act('traffic', ['主干道交通疏导，封闭危险路段', 'Divert traffic, close dangerous roads']),
          act('emergency', ['协调消防、救援力量', 'Coordinate fire and rescue forces']),
        ],
        duty: ['drainage', 'municipal', 'traffic', 'emergency'],
        leaderOnShift: true,
        acknowledge: {
          users: ['drainage.handler', 'traffic.handler', 'emergency.handler'],
          departments: ['drainage', 'municipal', 'traffic', 'emergency'],
        },
        signers: LEADERS,
      },
      {
        level: 'I',
        triggers: [
          warn('02', 'red'),
          { kind: 'rainfall', windowH: 3, mm: 100, gauges: 1 },
          { kind: 'depth', cm: 40, points: 10 },
        ],
        actions: [
          act('emergency', [
            '启动全市联动，必要时停工停课',
            'City-wide response; stop work and school if needed',
          ]),
          act('drainage', ['全部抢险力量投入', 'Every resource deployed']),
          act('traffic', ['全面交通管制', 'Full traffic control']),
        ],
        duty: ['drainage', 'municipal', 'traffic', 'emergency'],
        leaderOnShift: true,
        acknowledge: {
          users: ['drainage.handler', 'traffic.handler', 'emergency.handler'],
          departments: ['drainage', 'municipal', 'traffic', 'emergency'],
        },
        signers: LEADERS,
      },
    ],
  },
  typhoon: {
    name: '防台风应急预案',
    nameEn: 'Typhoon plan',
    escalateAfterMin: 15,
    levels: (['blue', 'yellow', 'orange', 'red'] as const).map((colour, i) => ({
      level: (['IV', 'III', 'II', 'I'] as const)[i]!,
      triggers: [
        warn('01', colour),
        ...(i >= 1
          ? [{ kind: 'rainfall', windowH: 24, mm: [0, 100, 150, 250][i]!, gauges: 1 } as Trigger]
          : []),
      ],
      actions: [
        act('landscape', ['加固行道树，清理危树', 'Brace street trees, remove unsafe ones']),
        act('municipal', ['加固户外广告牌、临时设施', 'Secure billboards and temporary structures']),
        act('drainage', ['泵站预排预降', 'Pre-start the pump stations']),
      ],
      duty: ['landscape', 'municipal', 'drainage'],
      leaderOnShift: i >= 2,
      acknowledge: { users: ['landscape.handler'], departments: ['landscape', 'municipal', 'drainage'] },
      signers: i >= 2 ? LEADERS : COMMANDERS,
    })),
  },
  snow: {
    name: '清雪防滑应急预案',
    nameEn: 'Snow and ice clearing plan',
    escalateAfterMin: 20,
    levels: (['blue', 'yellow', 'orange', 'red'] as const).map((colour, i) => ({
      level: (['IV', 'III', 'II', 'I'] as const)[i]!,
      triggers: [
        warn('03', colour),
        ...(i >= 1 ? [warn('14', colour)] : []),
        {
          kind: 'snowfall',
          windowH: i < 2 ? 12 : 6,
          mm: [4, 6, 10, 15][i]!,
          gauges: 1,
        } as Trigger,
      ],
      actions: [
        act(
          'sanitation',
          [
            '以雪为令、随下随清：主干道、桥梁、坡道先行撒布融雪剂',
            'Clear as it falls: spread de-icer on main roads, bridges and slopes first',
          ],
          ['雪停路净：按道路等级完成清运', 'Roads clean after the snow stops, by road class'],
        ),
        act('municipal', ['桥梁、立交防滑', 'Anti-skid on bridges and interchanges']),
      ],
      duty: ['sanitation', 'municipal'],
      leaderOnShift: i >= 2,
      acknowledge: { users: [], departments: ['sanitation', 'municipal'] },
      signers: i >= 2 ? LEADERS : COMMANDERS,
    })),
  },
};
