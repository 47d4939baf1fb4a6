import { Type, type Static } from '@sinclair/typebox';
import { CalendarDay, Nullable } from './common.js';

const LonLat = Type.Tuple([Type.Number(), Type.Number()]);
const Clock = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'Local time HH:MM' });

/** A cleaning section (保洁路段): a piece of a road with its standard and contractor. */
export const SanitationSection = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  roadName: Type.String(),
  part: Type.Integer({ description: 'Which piece of the road, from 1' }),
  roadClass: Type.String({ description: 'A–D' }),
  grade: Type.Integer({ description: 'Cleaning standard 1–4 (一级…四级)' }),
  sweepingPerDay: Type.Integer(),
  washingPerDay: Type.Integer(),
  mechanised: Type.Boolean({ description: 'Machine-swept (机扫): counts in the coverage' }),
  windowStart: Clock,
  windowEnd: Clock,
  contractor: Type.String(),
  contractorEn: Type.String(),
  departmentId: Nullable(Type.Integer({ description: 'The district sanitation office that oversees it' })),
  districtCode: Nullable(Type.String()),
  lengthM: Type.Number(),
  line: Type.Array(LonLat),
});
export type SanitationSection = Static<typeof SanitationSection>;

export const SanitationSectionList = Type.Object({ items: Type.Array(SanitationSection) });
export type SanitationSectionList = Static<typeof SanitationSectionList>;

export const CoverageQuery = Type.Object({
  date: CalendarDay({ description: 'Local date YYYY-MM-DD' }),
});
export type CoverageQuery = Static<typeof CoverageQuery>;

export const SectionCoverageRow = Type.Object({
  sectionId: Type.Integer(),
  code: Type.String(),
  roadName: Type.String(),
  contractor: Type.String(),
  contractorEn: Type.String(),
  windowStart: Clock,
  windowEnd: Clock,
  scheduledLengthM: Type.Number({ description: 'Length scheduled for machine sweeping that day' }),
  coveredLengthM: Type.Number({ description: 'Length a working vehicle drove in the window' }),
  share: Type.Number({ description: 'covered / scheduled, 0–1' }),
  status: Type.Union([Type.Literal('covered'), Type.Literal('partial'), Type.Literal('missed')]),
  caseId: Nullable(Type.Integer({ description: 'The case this missed section opened for its contractor' })),
  caseCode: Nullable(Type.String()),
});
export type SectionCoverageRow = Static<typeof SectionCoverageRow>;

export const CoverageTotals = Type.Object({
  sections: Type.Integer(),
  covered: Type.Integer(),
  partial: Type.Integer(),
  missed: Type.Integer(),
  scheduledLengthM: Type.Number(),
  coveredLengthM: Type.Number(),
  share: Type.Number(),
});

export const CoverageReport = Type.Object({
  date: Type.String(),
  sections: Type.Array(SectionCoverageRow),
  totals: CoverageTotals,
});
export type CoverageReport = Static<typeof CoverageReport>;

/** A sanitation vehicle: its device, route and shift, and where it is now. */
export const SanitationVehicle = Type.Object({
  deviceId: Type.String(),
  type: Type.String(),
  name: Type.String(),
  contractor: Type.String(),
  contractorEn: Type.String(),
  shiftStart: Clock,
  shiftEnd: Clock,
  route: Type.Array(LonLat),
  status: Type.String(),
  position: Nullable(
    Type.Object({
      lon: Type.Number(),
      lat: Type.Number(),
      speed: Nullable(Type.Number()),
      working: Type.Boolean(),
      fill: Nullable(Type.Number()),
      ts: Type.String(),
    }),
  ),
});
export type SanitationVehicle = Static<typeof SanitationVehicle>;
export const SanitationVehicleList = Type.Object({ items: Type.Array(SanitationVehicle) });
export type SanitationVehicleList = Static<typeof SanitationVehicleList>;

export const MissedCasesRequest = Type.Object({
  date: CalendarDay({ description: 'Local date YYYY-MM-DD' }),
});
export type MissedCasesRequest = Static<typeof MissedCasesRequest>;

export const MissedCasesResult = Type.Object({
  date: Type.String(),
  opened: Type.Array(
    Type.Object({ sectionId: Type.Integer(), caseId: Type.Integer(), caseCode: Type.String() }),
  ),
});
export type MissedCasesResult = Static<typeof MissedCasesResult>;
