/**
 * Weather warning signals (气象灾害预警信号) as the national feeds encode them: 2-digit type +
 * 2-digit colour (`0203` = rainstorm orange). See docs/EMERGENCY.md.
 */

export const HAZARDS = ['rainstorm', 'typhoon', 'snow'] as const;
/** A hazard an emergency plan answers: rainstorm/flood (防汛), typhoon (防台), snow and ice (清雪防滑). */
export type Hazard = (typeof HAZARDS)[number];

/** Response levels from the lowest (IV, 一般) to the highest (I, 特别严重). */
export const LEVELS = ['IV', 'III', 'II', 'I'] as const;
export type Level = (typeof LEVELS)[number];

export const COLOURS = ['blue', 'yellow', 'orange', 'red'] as const;
export type Colour = (typeof COLOURS)[number];

/** The national signal types CityLoop knows (01 台风 … 14 道路结冰), by their 2-digit code. */
export const WARNING_TYPES = {
  '01': { key: 'typhoon', hazard: 'typhoon' },
  '02': { key: 'rainstorm', hazard: 'rainstorm' },
  '03': { key: 'blizzard', hazard: 'snow' },
  '04': { key: 'cold_wave', hazard: null },
  '05': { key: 'gale', hazard: null },
  '06': { key: 'sandstorm', hazard: null },
  '07': { key: 'heat_wave', hazard: null },
  '08': { key: 'drought', hazard: null },
  '09': { key: 'lightning', hazard: null },
  '10': { key: 'hail', hazard: null },
  '11': { key: 'frost', hazard: null },
  '12': { key: 'fog', hazard: null },
  '13': { key: 'haze', hazard: null },
  '14': { key: 'road_icing', hazard: 'snow' },
} as const satisfies Record<string, { key: string; hazard: Hazard | null }>;
export type WarningTypeCode = keyof typeof WARNING_TYPES;
export const WARNING_TYPE_CODES = Object.keys(WARNING_TYPES) as WarningTypeCode[];

export const COLOUR_CODES: Record<string, Colour> = {
  '01': 'blue',
  '02': 'yellow',
  '03': 'orange',
  '04': 'red',
};

/** The response level a warning colour corresponds to (blue → IV … red → I). */
export function levelOfColour(c: Colour): Level {
  return LEVELS[COLOURS.indexOf(c)]!;
}

/** 0 for IV … 3 for I; a higher rank is a more serious level. */
export const levelRank = (l: Level): number => LEVELS.indexOf(l);

/** The hazard a warning type belongs to (null: no plan of CityLoop answers it). */
export function hazardOfType(type: string): Hazard | null {
  return (WARNING_TYPES as Record<string, { hazard: Hazard | null }>)[type]?.hazard ?? null;
}

/** Reads a 4-digit national code (`0203`) into its type and colour; null when it is not one. */
export function parseWarningCode(code: string): { type: WarningTypeCode; colour: Colour } | null {
  const m = /^(\d{2})(\d{2})$/.exec(code);
  if (!m) return null;
  const type = m[1]!;
  const colour = COLOUR_CODES[m[2]!];
  if (!(type in WARNING_TYPES) || !colour) return null;
  return { type: type as WarningTypeCode, colour };
}

/** The 4-digit national code of a type and colour. */
export function warningCode(type: WarningTypeCode, colour: Colour): string {
  return `${type}0${COLOURS.indexOf(colour) + 1}`;
}
