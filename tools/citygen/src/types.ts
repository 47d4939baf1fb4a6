import type { DemoCityInfo, Jurisdiction, Role } from '@cityloop/domain';

/** [lon, lat], WGS-84 degrees. */
export type LonLat = [number, number];
/** [west, south, east, north], WGS-84 degrees. */
export type BBox = [number, number, number, number];

export interface LineStringGeometry {
  type: 'LineString';
  coordinates: LonLat[];
}

/** GeoJSON (RFC 7946) multipolygon: outer rings counter-clockwise, holes clockwise. */
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: LonLat[][][];
}

export type CityScale = 'demo' | 'small';

/**
 * The common lattice every unit grid sits on: cell (i, j) spans
 * lon [originLon + i·dLon, originLon + (i+1)·dLon] and lat [originLat + j·dLat, originLat + (j+1)·dLat].
 * Cell (0, 0) is centred on the city centre.
 */
export interface Lattice {
  originLon: number;
  originLat: number;
  dLon: number;
  dLat: number;
}

export interface CityDistrict {
  code: string;
  name: string;
  nameEn: string;
  /** The urban core covered by unit grids, on lattice lines; cells of it at sea are left out. */
  core: BBox;
  geometry: MultiPolygonGeometry;
}

export interface Street {
  code: string;
  name: string;
  kind: 'subdistrict';
  districtCode: string;
  /** The street office (街道办事处), the default responsible body of its grids. */
  officeName: string;
  geometry: MultiPolygonGeometry;
}

export interface Community {
  code: string;
  name: string;
  streetCode: string;
  districtCode: string;
  geometry: MultiPolygonGeometry;
}

export interface UnitGrid {
  code: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  /** Closed counter-clockwise ring of 5 points. */
  ring: LonLat[];
  centroid: LonLat;
  areaM2: number;
  responsibleBody: string;
  supervisionGridCode: string;
}

export interface SupervisionGrid {
  code: string;
  name: string;
  streetCode: string;
  districtCode: string;
  unitGridCount: number;
  /** Usernames of the demo inspectors assigned to it (may be empty: only a sample is staffed). */
  inspectors: string[];
  geometry: MultiPolygonGeometry;
}

/**
 * A named road. Classes make the hierarchy the map draws by zoom: A arterials (主干道), B secondary
 * roads (次干道), C branch roads (支路), D the streets along the remaining lattice lines (街巷).
 */
export interface Road {
  name: string;
  class: 'A' | 'B' | 'C' | 'D';
  line: LonLat[];
}

/** An unnamed lane inside a block (小区道路、内部通道). */
export interface Lane {
  line: LonLat[];
}

export type BuildingKind = 'residential' | 'commercial' | 'public' | 'industrial';

export interface Building {
  kind: BuildingKind;
  /** Closed counter-clockwise ring. */
  ring: LonLat[];
}

/** Ground that is not built on: parks, sports pitches, squares, campuses, wooded hills, river banks. */
export interface LandUse {
  kind: 'park' | 'pitch' | 'plaza' | 'campus' | 'hill' | 'bank';
  name: string | null;
  /** Closed counter-clockwise ring. */
  ring: LonLat[];
}

export interface River {
  name: string;
  /** South (source) to north (mouth). */
  centreline: LonLat[];
  widthM: number;
  /** The water surface: a closed ring around the centreline. */
  ring: LonLat[];
}

/** What the base map draws besides the areas and named roads. */
export interface BaseMap {
  lanes: Lane[];
  buildings: Building[];
  landUse: LandUse[];
  rivers: River[];
  /** The sea north of the coastline, as one closed ring. */
  sea: LonLat[];
}

export interface Place {
  name: string;
  kind: string;
  position: LonLat;
  districtCode: string | null;
  /** The unit grid holding the place, or null when it lies outside the gridded cores (or at sea). */
  gridCode: string | null;
  note: string;
}

export type DepartmentKind =
  'utility' | 'municipal' | 'sanitation' | 'landscape' | 'enforcement' | 'traffic' | 'agency';

/**
 * A handling unit (专业部门). Component and event categories share 4-digit codes, so the two lists
 * are kept apart: 0101 is 上水井盖 as a component but 私搭乱建 as an event.
 */
export interface Department {
  code: string;
  name: string;
  /** The English name (the English interface shows it). */
  nameEn: string;
  kind: DepartmentKind;
  districtCode: string | null;
  /** Component (部件) category codes it maintains. */
  componentCategories: string[];
  /** Event (事件) category codes it handles. */
  eventCategories: string[];
  /** District codes it covers; [] means the whole city. */
  areaCodes: string[];
  /** The competent authority (主管部门) above it. */
  authority: string;
}

export interface DemoUser {
  username: string;
  displayName: string;
  /** The display name in the English interface (a person's name in pinyin). */
  displayNameEn: string;
  roles: Role[];
  jurisdiction: Jurisdiction;
  departmentCode: string | null;
  supervisionGridCodes?: string[];
}

export interface CityModel {
  seed: number;
  scale: CityScale;
  city: DemoCityInfo;
  lattice: Lattice;
  /** Runs west to east with strictly increasing longitude; the sea is north of it. */
  coastline: LineStringGeometry;
  /** Extent of all unit grids. */
  bounds: BBox;
  districts: CityDistrict[];
  streets: Street[];
  communities: Community[];
  grids: UnitGrid[];
  supervisionGrids: SupervisionGrid[];
  roads: Road[];
  places: Place[];
  baseMap: BaseMap;
  departments: Department[];
  users: DemoUser[];
}

export type ComponentState = '完好' | '破损' | '丢失' | '占用' | '废弃';

export interface ComponentRecord {
  /** 16 digits: district + category + 6-digit sequence unique per district and category. */
  code: string;
  category: string;
  name: string;
  competentDept: string;
  owner: string;
  maintainerDeptCode: string;
  gridCode: string;
  state: ComponentState;
  censusDate: string;
  changeDate: string;
  source: 'census';
  accuracyClass: 'A' | 'B' | 'C';
  position: LonLat;
  note: string;
}
