import { z } from 'zod';

/** How the engine treats one output: written once for every plugin (DESIGN.md "An output"). */
export const DeliveryPolicySchema = z.strictObject({
  /** An attempt without an answer by then has failed (and is retried). */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** Requests in flight to this output at once. */
  concurrency: z.number().int().min(1).max(100).default(4),
  /** Requests per second at most (Slack webhooks take ~1/s); 0 = no limit. */
  ratePerSecond: z.number().min(0).max(10_000).default(0),
  /** A delivery is dead after this many attempts… */
  maxAttempts: z.number().int().min(1).max(1000).default(50),
  /** …or once it is this old, whichever comes first. */
  maxAgeSeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 86400)
    .default(86400),
  tls: z
    .strictObject({
      caFile: z.string().min(1).optional(),
      certFile: z.string().min(1).optional(),
      keyFile: z.string().min(1).optional(),
      insecureSkipVerify: z.boolean().default(false),
    })
    .prefault({}),
});
export type DeliveryPolicy = z.infer<typeof DeliveryPolicySchema>;

/** An output as the YAML config and the API define it. Settings and route are checked at load. */
export const OutputDefinitionSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be 1–63 lower-case letters, digits, ".", "_", "-"'),
  type: z.string().min(1),
  enabled: z.boolean().default(true),
  /** The plugin's settings (its configSchema). */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Which events go there (libs/outputs routing); `{}` = every event. */
  route: z.record(z.string(), z.unknown()).default({}),
  delivery: DeliveryPolicySchema.prefault({}),
});
export type OutputDefinition = z.infer<typeof OutputDefinitionSchema>;
