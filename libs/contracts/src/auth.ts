import { z } from 'zod';
import { TokenScopeSchema } from './token.js';

/** What a person may do: admin (everything), analyst (read + triage), viewer (read). */
export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

/** Names of users and teams: what people type, what audit entries show. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
export const UsernameSchema = z
  .string()
  .regex(
    NAME,
    'must be 1–128 letters, digits, ".", "_", "@" or "-", starting with a letter or digit',
  );
export const TeamNameSchema = UsernameSchema;

/** Long enough to resist guessing; long passphrases are welcome (argon2 takes any length). */
export const PasswordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(1024, 'must be at most 1024 characters');

/**
 * `<cluster glob>/<namespace glob>`: `*` any run of characters, `?` one character. Cluster
 * and namespace names never hold `/`, so the first `/` splits the pair.
 */
export const NamespaceSelectorSchema = z
  .string()
  .regex(
    /^[\w.*?-]{1,253}\/[\w.*?-]{1,253}$/,
    'must be "<cluster glob>/<namespace glob>", e.g. "prod-*/payments-*"',
  );

export const LoginSchema = z.strictObject({
  username: z.string().min(1, 'is required').max(128),
  password: z.string().min(1, 'is required').max(1024),
});
export type Login = z.infer<typeof LoginSchema>;

/** Who is asking: a signed-in person or an API token. */
export const MeSchema = z.object({
  kind: z.enum(['user', 'token']),
  id: z.string(),
  username: z.string(),
  role: RoleSchema,
  teams: z.array(z.string()),
  scopes: z.array(TokenScopeSchema),
  /** Sessions only: send it back as `X-CSRF-Token` on every state-changing request. */
  csrf_token: z.string().optional(),
});
export type Me = z.infer<typeof MeSchema>;

export const AuthProvidersSchema = z.object({
  local: z.boolean(),
  oidc: z.object({ name: z.string(), login_url: z.string() }).nullable(),
});
export type AuthProviders = z.infer<typeof AuthProvidersSchema>;

export const CreateUserSchema = z.strictObject({
  username: UsernameSchema,
  password: PasswordSchema,
  role: RoleSchema,
  teams: z.array(TeamNameSchema).default([]),
});
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z.strictObject({
  password: PasswordSchema.optional(),
  role: RoleSchema.optional(),
  teams: z.array(TeamNameSchema).optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

export const UserInfoSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  role: RoleSchema,
  teams: z.array(z.string()),
  source: z.enum(['local', 'oidc']),
  disabled: z.boolean(),
  created_at: z.string(),
  last_login_at: z.string().nullable(),
});
export type UserInfo = z.infer<typeof UserInfoSchema>;

export const CreateTeamSchema = z.strictObject({
  name: TeamNameSchema,
  namespaces: z.array(NamespaceSelectorSchema).max(1000).default([]),
  /** Also sees events without a namespace (host-level, cloud audit) in the clusters of its selectors. */
  cluster_wide: z.boolean().default(false),
});
export type CreateTeam = z.infer<typeof CreateTeamSchema>;

export const UpdateTeamSchema = z.strictObject({
  namespaces: z.array(NamespaceSelectorSchema).max(1000).optional(),
  cluster_wide: z.boolean().optional(),
});
export type UpdateTeam = z.infer<typeof UpdateTeamSchema>;

export const TeamInfoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  namespaces: z.array(z.string()),
  cluster_wide: z.boolean(),
  created_at: z.string(),
});
export type TeamInfo = z.infer<typeof TeamInfoSchema>;
