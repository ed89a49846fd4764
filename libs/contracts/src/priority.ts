import { z } from 'zod';

/** Falco priorities, most severe first; the index is the syslog severity (0 = emergency). */
export const PRIORITIES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
] as const;

export type Priority = (typeof PRIORITIES)[number];
export const PrioritySchema = z.enum(PRIORITIES);

const BY_LOWER_NAME = new Map<string, Priority>([
  ...PRIORITIES.map((p) => [p.toLowerCase(), p] as const),
  ['info', 'Informational'],
]);

/** Case-insensitive, with Falco's `info` alias; undefined when the name is not a priority. */
export function parsePriority(name: string): Priority | undefined {
  return BY_LOWER_NAME.get(name.trim().toLowerCase());
}

/** 0 (Emergency) … 7 (Debug): lower is more severe. */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

export const PRIORITY_NAMES_HELP =
  'emergency, alert, critical, error, warning, notice, informational (or info), debug';
