import { z } from 'zod';

/**
 * Where an alert group is in the analyst's queue: `new → acknowledged → resolved`, or
 * `false_positive`. A resolved group that receives a new event goes back to `new`.
 */
export const GROUP_STATUSES = ['new', 'acknowledged', 'resolved', 'false_positive'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];
export const GroupStatusSchema = z.enum(GROUP_STATUSES);
