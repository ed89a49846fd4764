export * from './boundary.js';
export * from './duration.js';
export * from './errors.js';
export * from './event.js';
export * from './priority.js';
export * from './query.js';
export * from './falco-input.js';
export * from './token.js';
