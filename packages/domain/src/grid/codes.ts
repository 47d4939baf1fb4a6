import { DomainError } from '../errors.js';

/**
 * Code layouts of the grid method (see docs/CASE-LOOP.md "Codes"):
 * unit grid 15 digits = 6 area (GB/T 2260) + 3 street/town + 3 community + 3 sequence;
 * component 16 digits = 6 area + 4 category + 6 sequence; category 4 digits = 2 major + 2 minor.
 */

/** GB/T 10114 numbers the level below a county by range: the street part's first digit says which. */
export type StreetKind = 'subdistrict' | 'town' | 'township';

export interface GridCodeParts {
  /** 6-digit administrative area (county-level district) code. */
  district: string;
  /** 9-digit street/town code (district + 3 digits). */
  street: string;
  /** 12-digit community code (street + 3 digits). */
  community: string;
  /** Position of the grid inside its community, from 1. */
  sequence: number;
  streetKind: StreetKind;
}

export interface ComponentCodeParts {
  district: string;
  /** 4-digit category code (major + minor). */
  category: string;
  major: string;
  minor: string;
  sequence: number;
}

const GRID_CODE = /^\d{15}$/;
const COMPONENT_CODE = /^\d{16}$/;
const CATEGORY_CODE = /^\d{4}$/;
const SUPERVISION_GRID_CODE = /^(\d{9})J(\d{2})$/;

function streetKindOf(streetPart: string): StreetKind | null {
  switch (streetPart[0]) {
    case '0':
      return 'subdistrict';
    case '1':
      return 'town';
    case '2':
    case '3':
      return 'township';
    default:
      // 4xx–9xx are 政企合一 units and reserved ranges: no unit grids are coded under them.
      return null;
  }
}

/** Why a 6-digit area code cannot be a GB/T 2260 area, or null when it can. */
function areaProblem(area: string): string | null {
  const province = Number(area.slice(0, 2));
  // GB/T 2260 provinces run from 11 (Beijing) to 82 (Macao).
  if (province < 11 || province > 82) return `area ${area} has no province ${area.slice(0, 2)}`;
  if (area.slice(2, 4) === '00') return `area ${area} is a province, not a district`;
  return null;
}

function gridCodeProblem(code: string): string | null {
  if (!GRID_CODE.test(code)) return 'a unit grid code is exactly 15 digits';
  const area = code.slice(0, 6);
  const problem = areaProblem(area);
  if (problem !== null) return problem;
  const streetPart = code.slice(6, 9);
  if (streetKindOf(streetPart) === null) return `street part ${streetPart} is not a street, town or township`;
  if (streetPart === '000') return 'street part 000 is not numbered';
  if (code.slice(9, 12) === '000') return 'community part 000 is not numbered';
  if (code.slice(12, 15) === '000') return 'sequence 000 is not numbered';
  return null;
}

/** Splits a 15-digit unit grid code; throws DomainError('grid.invalid_code') when it is malformed. */
export function parseGridCode(code: string): GridCodeParts {
  const problem = gridCodeProblem(code);
  if (problem !== null) throw new DomainError('grid.invalid_code', `${problem}: "${code}"`, { code });
  const streetKind = streetKindOf(code.slice(6, 9));
  if (streetKind === null) throw new DomainError('grid.invalid_code', `bad street part: "${code}"`, { code });
  return {
    district: code.slice(0, 6),
    street: code.slice(0, 9),
    community: code.slice(0, 12),
    sequence: Number(code.slice(12, 15)),
    streetKind,
  };
}

export function isValidGridCode(code: string): boolean {
  return gridCodeProblem(code) === null;
}

/** The unit grid code of the `sequence`-th grid (1–999) of a 12-digit community. */
export function gridCodeOf(communityCode: string, sequence: number): string {
  const code = `${communityCode}${String(sequence).padStart(3, '0')}`;
  parseGridCode(code);
  return code;
}

export function isValidCategoryCode(code: string): boolean {
  return CATEGORY_CODE.test(code) && code.slice(0, 2) !== '00' && code.slice(2, 4) !== '00';
}

function componentCodeProblem(code: string): string | null {
  if (!COMPONENT_CODE.test(code)) return 'a component code is exactly 16 digits';
  const problem = areaProblem(code.slice(0, 6));
  if (problem !== null) return problem;
  if (!isValidCategoryCode(code.slice(6, 10))) return `category ${code.slice(6, 10)} is not a category code`;
  if (code.slice(10, 16) === '000000') return 'sequence 000000 is not numbered';
  return null;
}

/** Splits a 16-digit component (部件) code; throws DomainError('validation.failed') when malformed. */
export function parseComponentCode(code: string): ComponentCodeParts {
  const problem = componentCodeProblem(code);
  if (problem !== null) throw new DomainError('validation.failed', `${problem}: "${code}"`, { code });
  return {
    district: code.slice(0, 6),
    category: code.slice(6, 10),
    major: code.slice(6, 8),
    minor: code.slice(8, 10),
    sequence: Number(code.slice(10, 16)),
  };
}

export function isValidComponentCode(code: string): boolean {
  return componentCodeProblem(code) === null;
}

/** The component code of the `sequence`-th (1–999999) component of a category in a district. */
export function componentCodeOf(district: string, category: string, sequence: number): string {
  const code = `${district}${category}${String(sequence).padStart(6, '0')}`;
  parseComponentCode(code);
  return code;
}

/**
 * Supervision grids (监督网格) have no national code; CityLoop codes them as the street code,
 * 'J' and a 2-digit number, e.g. `370602001J01`.
 */
export function supervisionGridCodeOf(streetCode: string, n: number): string {
  const code = `${streetCode}J${String(n).padStart(2, '0')}`;
  if (!isValidSupervisionGridCode(code)) {
    throw new DomainError('grid.invalid_code', `no supervision grid code for ${streetCode} #${n}`);
  }
  return code;
}

export function isValidSupervisionGridCode(code: string): boolean {
  const match = SUPERVISION_GRID_CODE.exec(code);
  if (match === null) return false;
  const [, street = '', n = ''] = match;
  return isValidGridCode(`${street}001001`) && n !== '00';
}
