export * from './profiles.js';
export * from './schemas.js';
export * from './topics.js';
export * from './readings.js';
export * from './payload.js';
export * from './alarms.js';
export * from './commands.js';
export * from './zones.js';
