import { cityDateTime } from '@/time';

/**
 * The four utility sectors of the overview and what each shows: the device types on its map, the
 * metrics in its station table and the metric that colours a station's marker.
 */
export const SECTORS = ['water', 'heating', 'gas', 'drainage'] as const;
export type Sector = (typeof SECTORS)[number];

export interface SectorType {
  type: string;
  /** Columns of the station table, in order. */
  columns: string[];
  /** The metric that colours the marker (see markerColor). */
  colorBy: string | null;
}

export const SECTOR_TYPES: Record<Sector, SectorType[]> = {
  water: [
    {
      type: 'water_plant',
      columns: ['outflow', 'outlet_pressure', 'turbidity', 'residual_chlorine', 'tank_level'],
      colorBy: 'outlet_pressure',
    },
    {
      type: 'booster_station',
      columns: [
        'suction_pressure',
        'discharge_pressure',
        'flow',
        'pressure_setpoint',
        'pump1_state',
        'pump2_state',
      ],
      colorBy: 'discharge_pressure',
    },
    { type: 'pressure_point', columns: ['pressure', 'battery'], colorBy: 'pressure' },
  ],
  heating: [
    {
      type: 'heat_station',
      columns: [
        'primary_supply_temp',
        'primary_return_temp',
        'secondary_supply_temp',
        'secondary_return_temp',
        'secondary_return_pressure',
        'flow',
        'valve_opening',
        'circ_pump_state',
      ],
      colorBy: 'secondary_supply_temp',
    },
  ],
  gas: [
    {
      type: 'gas_regulator',
      columns: ['inlet_pressure', 'outlet_pressure', 'gas_concentration', 'shutoff_valve_state'],
      colorBy: 'gas_concentration',
    },
  ],
  drainage: [
    {
      type: 'drainage_station',
      columns: ['sump_level', 'flow', 'pump1_state', 'pump2_state', 'pump3_state'],
      colorBy: 'sump_level',
    },
    { type: 'rain_gauge', columns: ['rainfall', 'rainfall_total'], colorBy: 'rainfall' },
    { type: 'waterlogging_gauge', columns: ['depth'], colorBy: 'depth' },
  ],
};

const GREY = '#9aa3ad';
const GREEN = '#2e9d57';
const YELLOW = '#e6b422';
const ORANGE = '#f07c1f';
const RED = '#d93025';
const BLUE = '#2f6fdb';

/** Network pressure bands (MPa): the pressure-point alarm levels 0.10 / 0.14 and a high band. */
export function pressureColor(v: number): string {
  if (v < 0.1) return RED;
  if (v < 0.14) return ORANGE;
  if (v < 0.2) return YELLOW;
  if (v <= 0.5) return GREEN;
  return BLUE;
}

/** Waterlogging depth (cm): the flood plan's yellow from 15 cm and red from 25 cm. */
export function depthColor(v: number): string {
  if (v >= 25) return RED;
  if (v >= 15) return YELLOW;
  return GREEN;
}

/** Marker colour of a station from its colouring metric; grey without a value or offline. */
export function markerColor(metric: string | null, value: number | undefined, online: boolean): string {
  if (!online || metric === null || value === undefined) return GREY;
  switch (metric) {
    case 'pressure':
    case 'outlet_pressure':
    case 'discharge_pressure':
      return pressureColor(value);
    case 'depth':
      return depthColor(value);
    case 'secondary_supply_temp':
      return value < 38 ? BLUE : value > 75 ? RED : GREEN;
    case 'gas_concentration':
      return value >= 50 ? RED : value >= 20 ? ORANGE : GREEN;
    case 'sump_level':
      return value >= 5 ? RED : value >= 4 ? ORANGE : GREEN;
    case 'rainfall':
      return value >= 0.5 ? BLUE : GREEN;
    default:
      return GREEN;
  }
}

export const SEVERITY_COLORS: Record<string, string> = {
  critical: RED,
  major: ORANGE,
  minor: YELLOW,
  warning: BLUE,
};

/** A reading as the tables show it: state metrics as 开/关, numbers to a sensible precision. */
export function formatValue(value: number | undefined | null, kind?: string): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  if (kind === 'state') return value >= 0.5 ? '●' : '○';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** A time as the operator pages show it: the city's clock (not the browser's), 24-hour. */
export function fmtTime(iso: string | null | undefined, timeOnly = false): string {
  if (!iso) return '—';
  return cityDateTime(iso, { timeOnly });
}
