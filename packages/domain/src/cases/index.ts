export * from './states.js';
export * from './actions.js';
export * from './schemas.js';
export * from './decide.js';
export * from './jurisdiction.js';
export * from './queues.js';
export * from './visits.js';
export * from './provenance.js';
