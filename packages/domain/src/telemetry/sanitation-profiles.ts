import type { DeviceProfile, MetricDef } from './profiles.js';

/**
 * Sanitation vehicles (环卫车辆) as devices: a vehicle terminal reports its position, speed and
 * working state over the same MQTT telemetry contract as a station (one point every 10 s).
 * Position is two gauges (`lon`, `lat`, WGS-84 degrees), so nothing in the ingest path changes.
 */

function gauge(key: string, name: string, nameEn: string, unit: string, min: number, max: number): MetricDef {
  return { key, name, nameEn, unit, min, max, expectedIntervalS: 10, kind: 'gauge' };
}
function onOff(key: string, name: string, nameEn: string): MetricDef {
  return { key, name, nameEn, unit: '', min: 0, max: 1, expectedIntervalS: 10, kind: 'state' };
}

const POSITION: readonly MetricDef[] = [
  gauge('lon', '经度', 'Longitude', '°', -180, 180),
  gauge('lat', '纬度', 'Latitude', '°', -90, 90),
  gauge('speed', '车速', 'Speed', 'km/h', 0, 150),
];

/** Mechanised sweeper (扫路车): brush down (扫刷落下) is what counts as sweeping. */
export const SWEEPER: DeviceProfile = {
  type: 'sweeper',
  name: '扫路车',
  nameEn: 'Road sweeper',
  metrics: [
    ...POSITION,
    onOff('brush', '扫刷落下', 'Brush down'),
    onOff('water', '喷水', 'Water on'),
    gauge('fill', '垃圾箱满载率', 'Hopper fill', '%', 0, 100),
  ],
  commands: [],
  defaultRules: [
    { metric: 'fill', kind: 'high', threshold: 95, durationS: 60, deadband: 5, severity: 'warning' },
  ],
};

/** Washer / sprinkler truck (洗扫车、洒水车): water on is what counts as washing. */
export const WASHER: DeviceProfile = {
  type: 'washer',
  name: '洗扫车',
  nameEn: 'Road washer',
  metrics: [
    ...POSITION,
    onOff('brush', '扫刷落下', 'Brush down'),
    onOff('water', '喷水', 'Water on'),
    gauge('fill', '水箱余量', 'Water tank level', '%', 0, 100),
  ],
  commands: [],
  defaultRules: [],
};

/** Garbage truck (垃圾收运车): collects from collection points; does not clean roads. */
export const GARBAGE_TRUCK: DeviceProfile = {
  type: 'garbage_truck',
  name: '垃圾收运车',
  nameEn: 'Garbage truck',
  metrics: [
    ...POSITION,
    onOff('lift', '提升机构工作', 'Bin lift working'),
    gauge('fill', '车厢满载率', 'Body fill', '%', 0, 100),
  ],
  commands: [],
  defaultRules: [
    { metric: 'fill', kind: 'high', threshold: 95, durationS: 60, deadband: 5, severity: 'warning' },
  ],
};

/**
 * Street-light cabinet (路灯控制箱, 市政): its circuits on or off, current and voltage, a fault
 * flag; switched remotely through the existing command path.
 */
export const STREETLIGHT_CABINET: DeviceProfile = {
  type: 'streetlight_cabinet',
  name: '路灯控制箱',
  nameEn: 'Street-light cabinet',
  metrics: [
    {
      key: 'circuit_state',
      name: '回路状态',
      nameEn: 'Circuits on',
      unit: '',
      min: 0,
      max: 1,
      expectedIntervalS: 30,
      kind: 'state',
    },
    {
      key: 'current',
      name: '回路电流',
      nameEn: 'Circuit current',
      unit: 'A',
      min: 0,
      max: 400,
      expectedIntervalS: 30,
      kind: 'gauge',
    },
    {
      key: 'voltage',
      name: '电压',
      nameEn: 'Voltage',
      unit: 'V',
      min: 0,
      max: 300,
      expectedIntervalS: 30,
      kind: 'gauge',
    },
    {
      key: 'fault',
      name: '故障',
      nameEn: 'Fault',
      unit: '',
      min: 0,
      max: 1,
      expectedIntervalS: 30,
      kind: 'state',
    },
  ],
  commands: [
    { name: 'switch_on', label: '开灯', labelEn: 'Switch on', params: null, critical: false },
    { name: 'switch_off', label: '关灯', labelEn: 'Switch off', params: null, critical: false },
  ],
  defaultRules: [
    { metric: 'fault', kind: 'high', threshold: 0.5, durationS: 0, deadband: 0, severity: 'major' },
  ],
};

export const SANITATION_PROFILES = [SWEEPER, WASHER, GARBAGE_TRUCK] as const;
