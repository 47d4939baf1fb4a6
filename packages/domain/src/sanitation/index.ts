export * from './standards.js';
export * from './coverage.js';
export * from './visits.js';
