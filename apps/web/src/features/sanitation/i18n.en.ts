import type { SanitationMessages } from './i18n.zh-CN';

const en: SanitationMessages['sanitation'] = {
  title: 'Street cleaning',
  hint: 'Coverage (机扫率): the share of each machine-swept section that a working sweeper (brush down) or washer (water on) drove along inside the section’s window, computed from the vehicles’ reported tracks.',
  date: 'Date',
  sections: 'Machine-swept sections',
  covered: 'Covered',
  partial: 'Partly covered',
  missed: 'Missed',
  rate: 'Coverage',
  length: 'Scheduled length',
  coveredOfScheduled: 'Covered / scheduled (km)',
  coveredLength: 'Covered length',
  code: 'Section',
  road: 'Road',
  window: 'Window',
  contractor: 'Contractor',
  status: 'Status',
  share: 'Share',
  vehicles: 'Vehicles',
  working: 'working',
  idle: 'idle',
  onlyMissed: 'Not covered only',
  vehicleTip: '{name}: {state}, {speed} km/h',
  sectionTip: '{road} ({code}) {share}',
  empty: 'No machine-swept sections',
  types: { sweeper: 'Sweeper', washer: 'Washer', garbage_truck: 'Garbage truck' },
};

const sanitationEn: SanitationMessages = { sanitation: en };
export default sanitationEn;
