export * from './falcosidekick.compat.js';
export type { ImportedDelivery } from './sidekick-common.js';
export type { SidekickInput } from './sidekick-settings.js';
