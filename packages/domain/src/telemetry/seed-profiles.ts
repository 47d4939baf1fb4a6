import type { CommandDef, DeviceProfile, MetricDef } from './profiles.js';
import { GARBAGE_TRUCK, STREETLIGHT_CABINET, SWEEPER, WASHER } from './sanitation-profiles.js';

/**
 * The seed catalogue: the demo city's utility devices. Ranges are the sensors' physical ranges;
 * alarm levels follow the national standards named beside them, as demo defaults a city tunes.
 */

// Event (事件) category codes from the seed taxonomy, used when an alarm opens a case.
const CASE_WATER_MAIN_BURST = '0402'; // 自来水管破裂
const CASE_GAS_PIPE_BURST = '0403'; // 燃气管道破裂
const CASE_HEATING_PIPE_BURST = '0405'; // 热力管道破裂
const CASE_ROAD_PONDING = '0406'; // 道路积水

function gauge(
  key: string,
  name: string,
  nameEn: string,
  unit: string,
  min: number,
  max: number,
  s: number,
): MetricDef {
  return { key, name, nameEn, unit, min, max, expectedIntervalS: s, kind: 'gauge' };
}
function onOff(key: string, name: string, nameEn: string, s: number): MetricDef {
  return { key, name, nameEn, unit: '', min: 0, max: 1, expectedIntervalS: s, kind: 'state' };
}
function pumpCommands(pumps: number): CommandDef[] {
  const params = pumps > 1 ? [{ key: 'pump', min: 1, max: pumps, integer: true }] : null;
  return [
    { name: 'start_pump', label: '启泵', labelEn: 'Start pump', params, critical: false },
    { name: 'stop_pump', label: '停泵', labelEn: 'Stop pump', params, critical: false },
  ];
}

const WATER_PLANT: DeviceProfile = {
  type: 'water_plant',
  name: '水厂',
  nameEn: 'Water plant',
  metrics: [
    gauge('outflow', '出厂流量', 'Plant outflow', 'm³/h', 0, 20000, 30),
    gauge('outlet_pressure', '出厂压力', 'Outlet pressure', 'MPa', 0, 1.0, 30),
    gauge('turbidity', '出厂浊度', 'Outlet turbidity', 'NTU', 0, 20, 30),
    gauge('residual_chlorine', '出厂余氯', 'Residual chlorine', 'mg/L', 0, 5, 30),
    gauge('tank_level', '清水池液位', 'Clear-water tank level', 'm', 0, 8, 30),
  ],
  commands: [],
  // GB 5749-2022: turbidity ≤ 1 NTU; free chlorine leaving the plant 0.3–2 mg/L.
  defaultRules: [
    { metric: 'turbidity', kind: 'high', threshold: 1, durationS: 300, deadband: 0.1, severity: 'major' },
    {
      metric: 'residual_chlorine',
      kind: 'low',
      threshold: 0.3,
      durationS: 300,
      deadband: 0.05,
      severity: 'major',
    },
    {
      metric: 'residual_chlorine',
      kind: 'high',
      threshold: 2,
      durationS: 300,
      deadband: 0.1,
      severity: 'minor',
    },
    {
      metric: 'outlet_pressure',
      kind: 'low_low',
      threshold: 0.2,
      durationS: 60,
      deadband: 0.02,
      severity: 'critical',
    },
    { metric: 'tank_level', kind: 'low', threshold: 1, durationS: 120, deadband: 0.2, severity: 'major' },
    { metric: 'outflow', kind: 'no_data', intervals: 5, durationS: 0, deadband: 0, severity: 'minor' },
  ],
};

const BOOSTER_STATION: DeviceProfile = {
  type: 'booster_station',
  name: '加压泵站',
  nameEn: 'Booster pump station',
  metrics: [
    gauge('suction_pressure', '进水压力', 'Suction pressure', 'MPa', 0, 1.0, 15),
    gauge('discharge_pressure', '出水压力', 'Discharge pressure', 'MPa', 0, 1.6, 15),
    gauge('flow', '流量', 'Flow', 'm³/h', 0, 5000, 15),
    onOff('pump1_state', '1#泵状态', 'Pump 1', 15),
    onOff('pump2_state', '2#泵状态', 'Pump 2', 15),
    gauge('pressure_setpoint', '压力设定值', 'Pressure set-point', 'MPa', 0, 1.0, 15),
  ],
  commands: [
    {
      name: 'set_pressure',
      label: '设定出水压力',
      labelEn: 'Set discharge pressure',
      params: [
        { key: 'value', unit: 'MPa', min: 0.15, max: 0.6, maxStep: 0.05, currentMetric: 'pressure_setpoint' },
      ],
      critical: true,
    },
    ...pumpCommands(2),
  ],
  defaultRules: [
    {
      metric: 'discharge_pressure',
      kind: 'low',
      threshold: 0.2,
      durationS: 60,
      deadband: 0.02,
      severity: 'major',
    },
    {
      metric: 'discharge_pressure',
      kind: 'high',
      threshold: 0.7,
      durationS: 60,
      deadband: 0.02,
      severity: 'major',
    },
    // Low suction pressure makes the pumps cavitate: the station must act within a minute.
    {
      metric: 'suction_pressure',
      kind: 'low_low',
      threshold: 0.05,
      durationS: 30,
      deadband: 0.02,
      severity: 'critical',
    },
    // A main bursting downstream shows as a sharp pressure fall before anyone calls it in.
    {
      metric: 'discharge_pressure',
      kind: 'rate_of_change',
      ratePerMin: -0.1,
      durationS: 0,
      deadband: 0.05,
      severity: 'critical',
      openCase: { category: CASE_WATER_MAIN_BURST },
    },
    {
      metric: 'discharge_pressure',
      kind: 'stuck',
      stuckS: 1800,
      durationS: 0,
      deadband: 0,
      severity: 'minor',
    },
    { metric: 'flow', kind: 'no_data', intervals: 4, durationS: 0, deadband: 0, severity: 'minor' },
  ],
};

const PRESSURE_POINT: DeviceProfile = {
  type: 'pressure_point',
  name: '测压点',
  nameEn: 'Pressure monitoring point',
  metrics: [
    gauge('pressure', '管网压力', 'Network pressure', 'MPa', 0, 1.0, 30),
    gauge('battery', '电池电量', 'Battery', '%', 0, 100, 60),
  ],
  commands: [],
  // 0.14 MPa is the minimum service pressure at the end of the network (城镇供水服务标准).
  defaultRules: [
    { metric: 'pressure', kind: 'low', threshold: 0.14, durationS: 120, deadband: 0.01, severity: 'minor' },
    { metric: 'pressure', kind: 'low_low', threshold: 0.1, durationS: 60, deadband: 0.02, severity: 'major' },
    {
      metric: 'pressure',
      kind: 'rate_of_change',
      ratePerMin: -0.08,
      durationS: 0,
      deadband: 0.04,
      severity: 'critical',
      openCase: { category: CASE_WATER_MAIN_BURST },
    },
    { metric: 'pressure', kind: 'stuck', stuckS: 3600, durationS: 0, deadband: 0, severity: 'minor' },
    { metric: 'pressure', kind: 'no_data', intervals: 5, durationS: 0, deadband: 0, severity: 'minor' },
    { metric: 'battery', kind: 'low', threshold: 15, durationS: 0, deadband: 5, severity: 'warning' },
  ],
};

const HEAT_STATION: DeviceProfile = {
  type: 'heat_station',
  name: '换热站',
  nameEn: 'Heat exchange station',
  metrics: [
    gauge('primary_supply_temp', '一次供水温度', 'Primary supply temp.', '°C', 0, 150, 30),
    gauge('primary_return_temp', '一次回水温度', 'Primary return temp.', '°C', 0, 130, 30),
    gauge('secondary_supply_temp', '二次供水温度', 'Secondary supply temp.', '°C', 0, 100, 30),
    gauge('secondary_return_temp', '二次回水温度', 'Secondary return temp.', '°C', 0, 100, 30),
    gauge('primary_supply_pressure', '一次供水压力', 'Primary supply pressure', 'MPa', 0, 2.5, 30),
    gauge('primary_return_pressure', '一次回水压力', 'Primary return pressure', 'MPa', 0, 2.5, 30),
    gauge('secondary_supply_pressure', '二次供水压力', 'Secondary supply pressure', 'MPa', 0, 1.6, 30),
    gauge('secondary_return_pressure', '二次回水压力', 'Secondary return pressure', 'MPa', 0, 1.6, 30),
    gauge('flow', '二次循环流量', 'Secondary circulation flow', 'm³/h', 0, 1000, 30),
    gauge('valve_opening', '一次调节阀开度', 'Primary valve opening', '%', 0, 100, 30),
    onOff('circ_pump_state', '循环泵状态', 'Circulating pump', 30),
  ],
  commands: [
    {
      name: 'set_valve',
      label: '调节阀开度',
      labelEn: 'Set valve opening',
      // Large valve moves cause water hammer and upset the primary network's balance.
      params: [{ key: 'value', unit: '%', min: 0, max: 100, maxStep: 10, currentMetric: 'valve_opening' }],
      critical: false,
    },
    ...pumpCommands(1),
  ],
  defaultRules: [
    {
      metric: 'secondary_supply_temp',
      kind: 'low',
      threshold: 38,
      durationS: 900,
      deadband: 2,
      severity: 'minor',
    },
    {
      metric: 'secondary_supply_temp',
      kind: 'high',
      threshold: 75,
      durationS: 120,
      deadband: 3,
      severity: 'major',
    },
    // Losing secondary pressure means the network is leaking (or a pipe has burst).
    {
      metric: 'secondary_return_pressure',
      kind: 'low_low',
      threshold: 0.1,
      durationS: 60,
      deadband: 0.03,
      severity: 'critical',
      openCase: { category: CASE_HEATING_PIPE_BURST },
    },
    {
      metric: 'primary_supply_pressure',
      kind: 'high',
      threshold: 1.6,
      durationS: 30,
      deadband: 0.05,
      severity: 'major',
    },
    { metric: 'flow', kind: 'no_data', intervals: 4, durationS: 0, deadband: 0, severity: 'minor' },
  ],
};

const GAS_REGULATOR: DeviceProfile = {
  type: 'gas_regulator',
  name: '燃气调压站',
  nameEn: 'Gas regulator station',
  metrics: [
    gauge('inlet_pressure', '进口压力', 'Inlet pressure', 'kPa', 0, 800, 10),
    gauge('outlet_pressure', '出口压力', 'Outlet pressure', 'kPa', 0, 20, 10),
    gauge('gas_concentration', '可燃气体浓度', 'Gas concentration', '%LEL', 0, 100, 10),
    onOff('shutoff_valve_state', '切断阀状态', 'Shut-off valve', 10),
  ],
  commands: [
    { name: 'close_valve', label: '紧急切断', labelEn: 'Emergency shut-off', params: null, critical: true },
  ],
  // Detector alarm points follow GB 15322: low alarm at ≤ 25 %LEL, high alarm at 50 %LEL.
  defaultRules: [
    {
      metric: 'gas_concentration',
      kind: 'high',
      threshold: 20,
      durationS: 10,
      deadband: 5,
      severity: 'major',
    },
    {
      metric: 'gas_concentration',
      kind: 'high_high',
      threshold: 50,
      durationS: 0,
      deadband: 10,
      severity: 'critical',
      openCase: { category: CASE_GAS_PIPE_BURST },
    },
    {
      metric: 'outlet_pressure',
      kind: 'high',
      threshold: 4,
      durationS: 20,
      deadband: 0.3,
      severity: 'major',
    },
    {
      metric: 'outlet_pressure',
      kind: 'high_high',
      threshold: 5,
      durationS: 0,
      deadband: 0.3,
      severity: 'critical',
    },
    {
      metric: 'outlet_pressure',
      kind: 'low',
      threshold: 1.5,
      durationS: 30,
      deadband: 0.2,
      severity: 'major',
    },
    {
      metric: 'gas_concentration',
      kind: 'no_data',
      intervals: 6,
      durationS: 0,
      deadband: 0,
      severity: 'major',
    },
  ],
};

const DRAINAGE_STATION: DeviceProfile = {
  type: 'drainage_station',
  name: '排水泵站',
  nameEn: 'Drainage pump station',
  metrics: [
    gauge('sump_level', '集水池水位', 'Sump level', 'm', 0, 10, 15),
    onOff('pump1_state', '1#泵状态', 'Pump 1', 15),
    onOff('pump2_state', '2#泵状态', 'Pump 2', 15),
    onOff('pump3_state', '3#泵状态', 'Pump 3', 15),
    gauge('flow', '排水流量', 'Discharge flow', 'm³/h', 0, 20000, 15),
  ],
  commands: pumpCommands(3),
  defaultRules: [
    { metric: 'sump_level', kind: 'high', threshold: 4, durationS: 60, deadband: 0.3, severity: 'major' },
    {
      metric: 'sump_level',
      kind: 'high_high',
      threshold: 5,
      durationS: 0,
      deadband: 0.3,
      severity: 'critical',
    },
    {
      metric: 'sump_level',
      kind: 'stuck',
      stuckS: 3600,
      threshold: 0.005,
      durationS: 0,
      deadband: 0,
      severity: 'minor',
    },
    { metric: 'sump_level', kind: 'no_data', intervals: 4, durationS: 0, deadband: 0, severity: 'major' },
  ],
};

const RAIN_GAUGE: DeviceProfile = {
  type: 'rain_gauge',
  name: '雨量计',
  nameEn: 'Rain gauge',
  metrics: [
    gauge('rainfall', '时段雨量', 'Rainfall', 'mm', 0, 50, 60),
    {
      key: 'rainfall_total',
      name: '累计雨量',
      nameEn: 'Cumulative rainfall',
      unit: 'mm',
      min: 0,
      max: 1e6,
      expectedIntervalS: 60,
      kind: 'counter',
    },
  ],
  commands: [],
  // ≥ 0.5 mm a minute held for ten minutes is short-duration heavy rain (短时强降水, ≥ 20 mm/h).
  defaultRules: [
    { metric: 'rainfall', kind: 'high', threshold: 0.5, durationS: 600, deadband: 0.2, severity: 'warning' },
    { metric: 'rainfall_total', kind: 'no_data', intervals: 5, durationS: 0, deadband: 0, severity: 'minor' },
  ],
};

const SNOW_GAUGE: DeviceProfile = {
  type: 'snow_gauge',
  name: '雪量站',
  nameEn: 'Snow gauge',
  metrics: [
    // Snowfall as melted water (mm, the unit of the blizzard warnings) per report, the snow depth
    // on the ground and the air temperature (road icing below 0 °C).
    gauge('snowfall', '时段降雪量（水当量）', 'Snowfall (water equivalent)', 'mm', 0, 20, 60),
    gauge('snow_depth', '积雪深度', 'Snow depth', 'cm', 0, 200, 60),
    gauge('air_temp', '气温', 'Air temperature', '°C', -45, 50, 60),
  ],
  commands: [],
  // ≥ 0.1 mm a minute held for half an hour is heavy snow (大雪, ≥ 5 mm in 12 h comes fast at that rate).
  defaultRules: [
    {
      metric: 'snowfall',
      kind: 'high',
      threshold: 0.1,
      durationS: 1800,
      deadband: 0.05,
      severity: 'warning',
    },
    { metric: 'snow_depth', kind: 'no_data', intervals: 5, durationS: 0, deadband: 0, severity: 'minor' },
  ],
};

const WATERLOGGING_GAUGE: DeviceProfile = {
  type: 'waterlogging_gauge',
  name: '积水点水位计',
  nameEn: 'Waterlogging depth gauge',
  metrics: [gauge('depth', '积水深度', 'Water depth', 'cm', 0, 200, 30)],
  commands: [],
  // Demo defaults of the flood plan: yellow from 15 cm (warn, slow), red from 25 cm (close the underpass).
  defaultRules: [
    { metric: 'depth', kind: 'high', threshold: 15, durationS: 60, deadband: 3, severity: 'warning' },
    {
      metric: 'depth',
      kind: 'high_high',
      threshold: 25,
      durationS: 60,
      deadband: 3,
      severity: 'major',
      openCase: { category: CASE_ROAD_PONDING },
    },
    { metric: 'depth', kind: 'no_data', intervals: 5, durationS: 0, deadband: 0, severity: 'minor' },
  ],
};

export const SEED_PROFILES = [
  WATER_PLANT,
  BOOSTER_STATION,
  PRESSURE_POINT,
  HEAT_STATION,
  GAS_REGULATOR,
  DRAINAGE_STATION,
  RAIN_GAUGE,
  WATERLOGGING_GAUGE,
  SWEEPER,
  WASHER,
  GARBAGE_TRUCK,
  STREETLIGHT_CABINET,
  SNOW_GAUGE,
] as const satisfies readonly DeviceProfile[];
