import { z } from 'zod';
import { OutputDefinitionSchema } from '../delivery/output-definition.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The whole configuration; every key is documented in docs/configuration.md. */
export const ConfigSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(2801),
  listenAddress: z.string().min(1).default('0.0.0.0'),
  /** Embedded database directory, used when databaseUrl is unset. */
  dataDir: z.string().min(1).default('./data'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** How people reach this Aerie (links in Slack, PagerDuty…); default http://localhost:<port>. */
  publicUrl: z
    .url({ error: 'must be an absolute URL, e.g. https://aerie.example.com' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /**
   * A path prefix the dashboard and API are also served under (`/aerie`), for an ingress that
   * mounts Aerie there without stripping it. Empty: served at `/` only.
   */
  basePath: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*$/, 'must be empty or a path such as /aerie (no trailing slash)')
    .default(''),
  /** Destinations and their routes (docs/outputs/README.md); the API can add more. */
  outputs: z.array(OutputDefinitionSchema).default([]),
  /** A Falcosidekick `config.yaml` whose outputs Aerie runs too (docs/outputs/README.md). */
  falcosidekickConfig: z.string().min(1).optional(),
  /** The delivery worker (every replica runs one; they share the work through Postgres). */
  delivery: z
    .strictObject({
      /** A claimed delivery whose worker died is retried after this (keep above every timeout). */
      leaseSeconds: z.number().int().min(2).max(3600).default(120),
      /** Deliveries claimed per poll. */
      claim: z.number().int().min(1).max(10_000).default(100),
      /** Pause between polls when nothing is due (new events wake the worker at once). */
      pollMs: z.number().int().min(10).max(60_000).default(500),
      /**
       * Indexer acknowledgement (Splunk HEC `ack: true`): how long an accepted request may wait for
       * its ack before it is sent again, and how often to poll; null: the plugin's own timings.
       */
      ack: z
        .strictObject({
          timeoutSeconds: z.number().int().min(1).max(86_400).nullable().default(null),
          pollMs: z.number().int().min(10).max(60_000).nullable().default(null),
        })
        .prefault({}),
    })
    .prefault({}),
  /** The pull API for SIEMs (docs/siem.md). */
  siem: z
    .strictObject({
      /** Requests per second per token (or signed-in user) to /api/v1/siem/*; 0 = no limit. */
      rateLimit: z
        .strictObject({
          perSecond: z.number().min(0).default(10),
          /** Requests allowed at once after a pause; default twice perSecond. */
          burst: z.number().int().min(1).nullable().default(null),
        })
        .prefault({}),
      /** Open /api/v1/siem/stream connections per token or user. */
      maxStreams: z.number().int().min(1).max(1000).default(4),
    })
    .prefault({}),
  /** HTTPS (certFile + keyFile, PEM); clientCaFile also requires a client certificate (mTLS). */
  tls: z
    .strictObject({
      certFile: z.string().min(1).optional(),
      keyFile: z.string().min(1).optional(),
      clientCaFile: z.string().min(1).optional(),
    })
    .prefault({})
    .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), {
      error: 'certFile and keyFile go together',
    })
    .refine((t) => t.clientCaFile === undefined || t.certFile !== undefined, {
      error: 'clientCaFile (mutual TLS) needs certFile and keyFile',
    }),
  auth: z
    .strictObject({
      /** A session ends this long after sign-in, whatever its activity. */
      sessionTtlSeconds: z
        .number()
        .int()
        .min(60)
        .max(30 * 86400)
        .default(12 * 3600),
      /** Failed passwords in a row that lock an account, and for how long. */
      maxFailedLogins: z.number().int().min(1).max(100).default(5),
      lockoutSeconds: z
        .number()
        .int()
        .min(1)
        .max(86400)
        .default(15 * 60),
      /** Login attempts per second per address (burst 10): slows password spraying. */
      loginRateLimit: z.number().min(0.01).max(1000).default(1),
      /** Single sign-on with OpenID Connect (authorization code + PKCE); docs/security.md. */
      oidc: z
        .strictObject({
          /** Shown on the login button. */
          name: z.string().min(1).max(100).default('Single sign-on'),
          issuer: z.url({ error: 'must be the issuer URL' }),
          clientId: z.string().min(1),
          clientSecret: z.string().min(1).optional(),
          /** Where the provider sends people back: `<public URL>/api/v1/auth/oidc/callback`. */
          redirectUri: z.url({ error: 'must be an absolute URL' }),
          scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email', 'groups']),
          usernameClaim: z.string().min(1).default('preferred_username'),
          groupsClaim: z.string().min(1).default('groups'),
          /** Groups that give each role; the highest one wins; nobody in none of them signs in. */
          roles: z
            .strictObject({
              admin: z.array(z.string()).default([]),
              analyst: z.array(z.string()).default([]),
              viewer: z.array(z.string()).default([]),
            })
            .prefault({}),
          /** Group → Aerie team names it grants. */
          teams: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
        })
        .optional(),
    })
    .prefault({}),
  ingest: z
    .strictObject({
      bodyLimit: z
        .number()
        .int()
        .min(1024)
        .max(256 * 1024 * 1024)
        .default(1024 * 1024),
      batch: z
        .strictObject({
          maxSize: z.number().int().min(1).max(10_000).default(1000),
          /** Extra time a batch waits for more events; 0 = pure group commit. */
          maxWaitMs: z.number().int().min(0).max(1000).default(0),
        })
        .prefault({}),
      defaultCluster: z.string().min(1).max(253).nullable().default(null),
      customFields: z.record(z.string().min(1), z.string()).default({}),
      customTags: z.array(z.string().min(1)).default([]),
      /** Refuse ingest without a token that has `events:ingest` (Bearer or `?token=`). */
      requireToken: z.boolean().default(false),
      /** Ingest requests per second per token (else per address); 0 = no limit (Falco fleets burst). */
      rateLimit: z
        .strictObject({
          perSecond: z.number().min(0).default(0),
          /** Requests allowed at once after a pause; default twice perSecond. */
          burst: z.number().int().min(1).nullable().default(null),
        })
        .prefault({}),
    })
    .prefault({}),
});
export type AerieConfig = z.infer<typeof ConfigSchema>;
