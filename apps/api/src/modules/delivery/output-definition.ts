import { z } from 'zod';

/** How the engine treats one output: written once for every plugin (DESIGN.md "An output"). */
export const DeliveryPolicySchema = z
  .strictObject({
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(120_000)
      .default(10_000)
      .describe('An attempt without an answer by then has failed (and is retried), in ms.'),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(4)
      .describe('Requests in flight to this output at once.'),
    ratePerSecond: z
      .number()
      .min(0)
      .max(10_000)
      .default(0)
      .describe('Requests per second at most (Slack webhooks take about 1/s); 0 = no limit.'),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(50)
      .describe('A delivery is dead after this many attempts, or once older than maxAgeSeconds.'),
    maxAgeSeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * 86400)
      .default(86400)
      .describe('A delivery is dead once this old, or after maxAttempts.'),
    tls: z
      .strictObject({
        caFile: z
          .string()
          .min(1)
          .optional()
          .describe('PEM file of the CA that signs the destination (on the Aerie host).'),
        certFile: z
          .string()
          .min(1)
          .optional()
          .describe('PEM client certificate for mutual TLS (on the Aerie host).'),
        keyFile: z
          .string()
          .min(1)
          .optional()
          .describe('PEM key of the client certificate (on the Aerie host).'),
        insecureSkipVerify: z
          .boolean()
          .default(false)
          .describe('Accept any server certificate: for tests only.'),
      })
      .prefault({})
      .describe('TLS towards the destination.'),
  })
  .describe('Timeouts, concurrency, rate and retries: the same for every output type.');
export type DeliveryPolicy = z.infer<typeof DeliveryPolicySchema>;

/** An output as the YAML config and the API define it. Settings and route are checked at load. */
export const OutputDefinitionSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be 1–63 lower-case letters, digits, ".", "_", "-"')
    .describe('Unique; how deliveries, metrics and the API name it. Cannot be changed.'),
  type: z.string().min(1).describe('The output type (`GET /api/v1/output-types`).'),
  enabled: z.boolean().default(true).describe('A disabled output receives nothing.'),
  /** The plugin's settings (its configSchema). */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Which events go there (libs/outputs routing); `{}` = every event. */
  route: z.record(z.string(), z.unknown()).default({}),
  delivery: DeliveryPolicySchema.prefault({}),
});
export type OutputDefinition = z.infer<typeof OutputDefinitionSchema>;
