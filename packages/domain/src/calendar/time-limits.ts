import taxonomy from '../seed/taxonomy.json' with { type: 'json' };
import { URGENCIES, type Urgency } from '../cases/states.js';
import type { LimitUnit, TimeLimit } from './work-calendar.js';

/**
 * Default time limits per category (处置时限) with filing and closing conditions (立案/结案条件).
 * These are a demo city's starting values; a city keeps its own table and edits it.
 */

/**
 * The component and event trees reuse 4-digit codes, so a category is kind + code (the same
 * kinds as taxonomy.ts; spelled out here so this table only depends on taxonomy.json).
 */
export interface CategoryRef {
  kind: 'component' | 'event';
  code: string;
}

export interface CategoryTimeLimit {
  kind: 'component' | 'event';
  /** 4-digit category code. */
  category: string;
  name: string;
  nameEn: string;
  urgency: Urgency;
  filingCondition: string;
  filingConditionEn: string;
  disposalLimit: TimeLimit;
  closingCondition: string;
  closingConditionEn: string;
  /** A second deadline some categories carry, e.g. remove an unauthorised structure in 20 days. */
  followUp?: { step: string; limit: TimeLimit };
}

export type CaseStep = 'accept' | 'verify' | 'file' | 'dispatch' | 'check';

/**
 * Step limits. Verify and check count working minutes: inspectors patrol in the city's work
 * periods, so a report at 17:25 cannot be verified by 17:55. A city with round-the-clock patrols
 * switches them to 'minutes'.
 */
export const DEFAULT_STEP_LIMITS: Readonly<Record<CaseStep, TimeLimit>> = {
  accept: { value: 0.5, unit: 'working_hours' },
  verify: { value: 30, unit: 'working_minutes' },
  file: { value: 0.5, unit: 'working_hours' },
  dispatch: { value: 0.5, unit: 'working_hours' },
  check: { value: 30, unit: 'working_minutes' },
};

const wh = (value: number): TimeLimit => ({ value, unit: 'working_hours' });
const wd = (value: number): TimeLimit => ({ value, unit: 'working_days' });
const nh = (value: number): TimeLimit => ({ value, unit: 'natural_hours' });

/** By major class, for categories without a rule of their own. */
const CLASS_LIMITS: Readonly<Record<string, TimeLimit>> = {
  'component:01': wd(2), // 公用设施: lamps, boxes, poles
  'component:02': wd(2), // 道路交通
  'component:03': wd(1), // 市容环境: toilets, bins
  'component:04': wd(3), // 园林绿化
  'component:05': wd(5), // 房屋土地
  'component:06': wd(3), // 其他设施
  'event:01': wd(1), // 市容环境
  'event:02': wd(1), // 宣传广告
  'event:03': wh(4), // 施工管理
  'event:04': nh(4), // 突发事件: emergencies do not wait for office hours
  'event:05': wh(2), // 街面秩序
};
const FALLBACK_LIMIT = wd(1);

interface Rule {
  limit: TimeLimit;
  /** Filing and closing conditions, Chinese and English (both or neither). */
  filing?: string;
  filingEn?: string;
  closing?: string;
  closingEn?: string;
  followUp?: { step: string; limit: TimeLimit };
}

/** Rules from city rulebooks, keyed by kind and the category's Chinese name in taxonomy.json. */
const EVENT_RULES: Readonly<Record<string, Rule>> = {
  私搭乱建: {
    limit: wh(4),
    filing: '未经批准在公共区域或建筑物上搭建建筑物、构筑物',
    filingEn: 'A building or structure put up without approval in a public place or on a building',
    closing: '违法搭建已制止并在时限内拆除，现场恢复原状',
    closingEn: 'The unauthorised building was stopped and removed within the limit; the site is restored',
    followUp: { step: '拆除', limit: wd(20) },
  },
  暴露垃圾: {
    limit: wh(4),
    filing: '道路、广场、绿地等公共区域有暴露垃圾',
    filingEn: 'Exposed rubbish on a road, square, green space or other public place',
    closing: '垃圾已清运，现场无残留',
    closingEn: 'The rubbish was taken away and nothing is left on site',
  },
  道路不洁: {
    limit: wh(2),
    filing: '道路及附属设施有明显污渍、垃圾或积存泥沙',
    filingEn: 'Visible stains, rubbish or silt on a road or its fixtures',
    closing: '道路已清扫保洁，路面干净',
    closingEn: 'The road was swept and is clean',
  },
  道路积水: {
    limit: wh(4),
    filing: '道路、人行道或下穿通道积水，影响通行',
    filingEn: 'Water standing on a road, pavement or underpass, hindering traffic',
    closing: '积水已排除，道路恢复通行',
    closingEn: 'The water was drained and the road is open again',
  },
  道路破损: { limit: wd(3) },
  废弃车辆: { limit: wd(5) },
  动物尸体: { limit: wh(2) },
  焚烧树叶垃圾: { limit: wh(1) },
  无证掘路: { limit: wh(2) },
  路面塌陷: { limit: nh(2) },
  自来水管破裂: { limit: nh(2) },
  燃气管道破裂: { limit: nh(1) },
  热力管道破裂: { limit: nh(2) },
};
const COMPONENT_RULES: Readonly<Record<string, Rule>> = {
  交通信号灯: { limit: wh(4) },
  重大危险源: { limit: nh(2) },
};
// Every manhole cover and gully grate (found by name, there are many): a missing one is a trap.
const COVER_RULE: Rule = {
  limit: nh(6),
  filing: '井盖（箅子）丢失、破损、移位或与路面高差明显，存在安全隐患',
  filingEn: 'A manhole cover (grate) is missing, broken, displaced or clearly uneven with the road: a hazard',
  closing: '井盖（箅子）已补装或更换，安装牢固平稳，与路面平齐',
  closingEn: 'The cover (grate) was replaced or refitted, firm, steady and flush with the road',
};

const FILING_BY_CLASS: Readonly<Record<string, (n: string) => string>> = {
  'event:01': (n) => `公共区域出现${n}，影响市容环境`,
  'event:02': (n) => `公共区域存在${n}`,
  'event:03': (n) => `施工中存在${n}问题`,
  'event:04': (n) => `发生${n}，影响通行或公共安全`,
  'event:05': (n) => `街面存在${n}行为，影响通行或市容秩序`,
};
const CLOSING_BY_CLASS: Readonly<Record<string, (n: string) => string>> = {
  'event:01': (n) => `${n}已清除或整治，现场恢复整洁`,
  'event:02': (n) => `${n}已清除或整改到位`,
  'event:03': (n) => `${n}问题已制止并整改到位`,
  'event:04': (n) => `${n}险情已排除，现场恢复正常`,
  'event:05': (n) => `${n}已劝离或整改，现场恢复秩序`,
};
const componentFiling = (n: string) => `${n}破损、丢失、移位或被占用，影响使用或存在安全隐患`;
const componentClosing = (n: string) => `${n}已修复、补装或清理，恢复完好并能正常使用`;

// The same sentences in English, with the category's English name (sentence case inside).
const FILING_BY_CLASS_EN: Readonly<Record<string, (n: string) => string>> = {
  'event:01': (n) => `${n} in a public place, spoiling the city's appearance`,
  'event:02': (n) => `${n} in a public place`,
  'event:03': (n) => `${n} at a construction site`,
  'event:04': (n) => `${n}, hindering traffic or endangering the public`,
  'event:05': (n) => `${n} in the street, hindering traffic or street order`,
};
const CLOSING_BY_CLASS_EN: Readonly<Record<string, (n: string) => string>> = {
  'event:01': (n) => `${n}: removed or put right, the site clean again`,
  'event:02': (n) => `${n}: removed or put right`,
  'event:03': (n) => `${n}: stopped and put right`,
  'event:04': (n) => `${n}: the danger is over and the site back to normal`,
  'event:05': (n) => `${n}: moved on or put right, order restored`,
};
const componentFilingEn = (n: string) =>
  `${n} damaged, missing, displaced or occupied, so it cannot be used or is a hazard`;
const componentClosingEn = (n: string) => `${n} repaired, replaced or cleared, intact and in use again`;
/** "其他" of each event class, as its English sentences name it. */
const OTHER_EN: Readonly<Record<string, string>> = {
  'event:01': 'Other city appearance problem',
  'event:02': 'Other advertising problem',
  'event:03': 'Other construction problem',
  'event:04': 'Other emergency',
  'event:05': 'Other street order problem',
};

/** Urgent and critical cases get a half and a quarter of the normal limit, with a floor. */
const URGENCY_SCALE: Readonly<Record<Urgency, number>> = { normal: 1, urgent: 0.5, critical: 0.25 };
const FLOOR: Readonly<Record<LimitUnit, number>> = {
  working_hours: 0.5,
  natural_hours: 0.5,
  minutes: 30,
  working_minutes: 30,
  working_days: 0.25,
};

function scaled(limit: TimeLimit, urgency: Urgency): TimeLimit {
  const value = Math.round(limit.value * URGENCY_SCALE[urgency] * 100) / 100;
  return { value: Math.min(limit.value, Math.max(value, FLOOR[limit.unit])), unit: limit.unit };
}

interface KnownCategory extends CategoryRef {
  name: string;
  nameEn: string;
  majorName: string;
  majorNameEn: string;
}

const KNOWN: readonly KnownCategory[] = [
  ...taxonomy.components.flatMap((major) =>
    major.minors.map((m) => ({
      kind: 'component' as const,
      code: m.code,
      name: m.name_zh,
      nameEn: m.name_en,
      majorName: major.name_zh,
      majorNameEn: major.name_en,
    })),
  ),
  ...taxonomy.events.flatMap((major) =>
    major.minors.map((m) => ({
      kind: 'event' as const,
      code: m.code,
      name: m.name_zh,
      nameEn: m.name_en,
      majorName: major.name_zh,
      majorNameEn: major.name_en,
    })),
  ),
];

/** Every category in taxonomy.json. */
export const ALL_CATEGORIES: readonly CategoryRef[] = KNOWN.map(({ kind, code }) => ({ kind, code }));

function describe(ref: CategoryRef): {
  name: string;
  nameEn: string;
  rule: Rule | undefined;
  classKey: string;
} {
  const known = KNOWN.find((c) => c.kind === ref.kind && c.code === ref.code);
  const classKey = `${ref.kind}:${ref.code.slice(0, 2)}`;
  if (known === undefined)
    return { name: `类别${ref.code}`, nameEn: `Category ${ref.code}`, rule: undefined, classKey };
  // "其他" alone reads badly in a sentence; name it after its class (其他市容环境问题).
  const other = known.name === '其他';
  const name = other ? `其他${known.majorName.replace(/类$/, '')}问题` : known.name;
  const nameEn = other ? (OTHER_EN[classKey] ?? 'Other problem') : known.nameEn;
  if (ref.kind === 'event') return { name, nameEn, rule: EVENT_RULES[known.name], classKey };
  const isCover = known.name.includes('井盖') || known.name.includes('箅子');
  return { name, nameEn, rule: isCover ? COVER_RULE : COMPONENT_RULES[known.name], classKey };
}

/** The default limit of one category at one urgency; unknown codes get their class's default. */
export function timeLimitFor(ref: CategoryRef, urgency: Urgency = 'normal'): CategoryTimeLimit {
  const { name, nameEn, rule, classKey } = describe(ref);
  const base = rule?.limit ?? CLASS_LIMITS[classKey] ?? FALLBACK_LIMIT;
  const isComponent = ref.kind === 'component';
  const result: CategoryTimeLimit = {
    kind: ref.kind,
    category: ref.code,
    name,
    nameEn,
    urgency,
    filingCondition:
      rule?.filing ??
      (isComponent
        ? componentFiling(name)
        : (FILING_BY_CLASS[classKey]?.(name) ?? `发现${name}问题，经核实属实`)),
    filingConditionEn:
      rule?.filingEn ??
      (isComponent
        ? componentFilingEn(nameEn)
        : (FILING_BY_CLASS_EN[classKey]?.(nameEn) ?? `${nameEn}, found and verified`)),
    disposalLimit: scaled(base, urgency),
    closingCondition:
      rule?.closing ??
      (isComponent
        ? componentClosing(name)
        : (CLOSING_BY_CLASS[classKey]?.(name) ?? `${name}问题已处置，核查通过`)),
    closingConditionEn:
      rule?.closingEn ??
      (isComponent
        ? componentClosingEn(nameEn)
        : (CLOSING_BY_CLASS_EN[classKey]?.(nameEn) ?? `${nameEn}: dealt with and checked`)),
  };
  if (rule?.followUp !== undefined) {
    result.followUp = { step: rule.followUp.step, limit: scaled(rule.followUp.limit, urgency) };
  }
  return result;
}

/** One row per category and urgency level (一般/紧急/特急); all of taxonomy.json by default. */
export function defaultTimeLimits(categories: readonly CategoryRef[] = ALL_CATEGORIES): CategoryTimeLimit[] {
  return categories.flatMap((ref) => URGENCIES.map((u) => timeLimitFor(ref, u)));
}
