import { z } from 'zod';

/** One entry of the audit trail (`GET /api/v1/audit`), newest first by `seq`. */
export const AuditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  /** `user:<name>`, `token:<id>`, `cli`, `anonymous`. */
  actor: z.string(),
  /** `token.create`, `output.update`, `auth.denied`, … */
  action: z.string(),
  target: z.string().nullable(),
  source_ip: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  /** SHA-256 (hex) of the previous entry's hash and this entry. */
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** `GET /api/v1/audit/verify`: the whole chain recomputed. */
export const ChainCheckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int(), head: z.string().nullable() }),
  z.object({
    ok: z.literal(false),
    entries: z.number().int(),
    brokenAt: z.number().int(),
    reason: z.string(),
  }),
]);
export type ChainCheck = z.infer<typeof ChainCheckSchema>;
