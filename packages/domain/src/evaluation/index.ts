export * from './rates.js';
export * from './scores.js';
export * from './rank.js';
