export {
  startFleet,
  type Fleet,
  type FleetOptions,
  type FleetStats,
  type SimDeviceSpec,
  type FaultRequest,
} from './fleet.js';
export { FAULT_KINDS, type FaultKind } from './models.js';
