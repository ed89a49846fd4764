import { z } from 'zod';

/** Kubernetes' three isolation boundaries (see docs/boundaries.md). */
export const BOUNDARIES = ['control-plane', 'host', 'network', 'unknown'] as const;
export type Boundary = (typeof BOUNDARIES)[number];
export const BoundarySchema = z.enum(BOUNDARIES);
