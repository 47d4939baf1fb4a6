import demoCityJson from '../seed/demo-city.json' with { type: 'json' };

/** A county-level administrative area (区): the first 6 digits of every unit grid code in it. */
export interface DemoDistrict {
  code: string;
  name: string;
  nameEn: string;
  /** Approximate extent [west, south, east, north], WGS-84 degrees. */
  bbox: [number, number, number, number];
}

export interface DemoCityInfo {
  code: string;
  name: string;
  nameEn: string;
  /** [lon, lat] of the city centre, WGS-84. */
  centre: [number, number];
  timezone: string;
}

function pair(values: number[], what: string): [number, number] {
  const [a, b] = values;
  if (a === undefined || b === undefined || values.length !== 2) throw new Error(`demo-city: bad ${what}`);
  return [a, b];
}

function quad(values: number[], what: string): [number, number, number, number] {
  const [a, b, c, d] = values;
  if (a === undefined || b === undefined || c === undefined || d === undefined || values.length !== 4) {
    throw new Error(`demo-city: bad ${what}`);
  }
  return [a, b, c, d];
}

/** The demo city (modelled on Yantai) that the seed data and the generator describe. */
export const DEMO_CITY: DemoCityInfo = {
  code: demoCityJson.city.code,
  name: demoCityJson.city.name_zh,
  nameEn: demoCityJson.city.name_en,
  centre: pair(demoCityJson.city.centre, 'city centre'),
  timezone: demoCityJson.city.timezone,
};

export const DEMO_DISTRICTS: readonly DemoDistrict[] = demoCityJson.districts.map((d) => ({
  code: d.code,
  name: d.name_zh,
  nameEn: d.name_en,
  bbox: quad(d.approx_bbox, `bbox of ${d.code}`),
}));

export function demoDistrictByCode(code: string): DemoDistrict | undefined {
  return DEMO_DISTRICTS.find((d) => d.code === code);
}
