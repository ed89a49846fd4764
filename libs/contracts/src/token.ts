import { z } from 'zod';

/** What a token may do. */
export const TOKEN_SCOPES = ['events:ingest', 'events:read', 'siem:read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const TokenScopeSchema = z.enum(TOKEN_SCOPES);

/** A team, by name (teams are defined in auth.ts; a plain string here avoids an import cycle). */
const TeamNameRef = z.string().min(1).max(128);

/** Tokens start with this so secret scanners can spot them. */
export const TOKEN_PREFIX = 'aerie_';

export const CreateTokenSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  scopes: z.array(TokenScopeSchema).min(1, 'needs at least one scope'),
  /** Events ingested with this token get this cluster, whatever they say. */
  cluster: z.string().min(1).max(253).nullish(),
  expires_at: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time' }).nullish(),
  /** Reads with this token see these teams' namespaces only; none (and no `admin`) sees nothing. */
  teams: z.array(TeamNameRef).default([]),
});
export type CreateToken = z.infer<typeof CreateTokenSchema>;

export const UpdateTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  scopes: z.array(TokenScopeSchema).min(1).optional(),
  cluster: z.string().min(1).max(253).nullable().optional(),
  expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  teams: z.array(TeamNameRef).optional(),
});
export type UpdateToken = z.infer<typeof UpdateTokenSchema>;

/** A token as listed: never its secret. `prefix` is enough to recognise it. */
export const TokenInfoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(TokenScopeSchema),
  cluster: z.string().nullable(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  teams: z.array(z.string()),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

/** The answer to creating a token: the only time `token` (the secret) is shown. */
export const CreatedTokenSchema = TokenInfoSchema.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;
