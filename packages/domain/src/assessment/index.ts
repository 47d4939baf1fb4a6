export * from './catalogue.js';
export * from './scoring.js';
export * from './demoCatalogue.js';
export * from './rollup.js';
