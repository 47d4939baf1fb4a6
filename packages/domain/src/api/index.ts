export * from './common.js';
export * from './auth.js';
export * from './org.js';
export * from './grids.js';
export * from './components.js';
export * from './cases.js';
export * from './devices.js';
export * from './evaluation.js';
