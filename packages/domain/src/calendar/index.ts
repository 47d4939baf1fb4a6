export * from './zone.js';
export * from './work-calendar.js';
export * from './official-days.js';
export * from './time-limits.js';
