export * from './route.matcher.js';
export * from './route.schema.js';
export type { TeamSelectors } from './team-scope.js';
