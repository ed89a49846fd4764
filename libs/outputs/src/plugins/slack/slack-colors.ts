import type { Priority } from '@aerie/contracts';

/** The attachment side bar per priority: Falcosidekick's colours, so channels look the same. */
export const SLACK_COLORS: Readonly<Record<Priority, string>> = {
  Emergency: '#e20b0b',
  Alert: '#ff5400',
  Critical: '#ff5400',
  Error: '#e20b0b',
  Warning: '#ffc700',
  Notice: '#5bffb5',
  Informational: '#68c2ff',
  Debug: '#ccfff2',
};
