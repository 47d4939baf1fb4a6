export * from './standards.js';
export * from './coverage.js';
