export * from './roles.js';
export * from './errors.js';
export * from './grid/codes.js';
export * from './grid/areas.js';
export * from './taxonomy.js';
export * from './telemetry/index.js';
