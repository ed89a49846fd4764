import { z } from 'zod';
import { ROLES, UsernameSchema, type Role } from '@aerie/contracts';
import type { AerieConfig } from '../config/config.schema.js';

export type OidcSettings = NonNullable<AerieConfig['auth']['oidc']>;

/** Who the provider says signed in, in Aerie's terms. */
export interface OidcIdentity {
  subject: string;
  username: string;
  groups: string[];
}

export type IdentityProblem =
  | { problem: 'no_username'; claim: string }
  | { problem: 'bad_username'; claim: string }
  | { problem: 'bad_groups'; claim: string };

/** A list of names, or one name (some providers send a lone group as a string). */
const GroupsClaimSchema = z.union([
  z
    .array(z.unknown())
    .transform((items) => items.filter((g): g is string => typeof g === 'string')),
  z.string().transform((g) => [g]),
]);

/**
 * Reads the username and groups claims. A claim name is looked up as is first (Auth0-style
 * names are URLs with dots), then as a dotted path (`realm_access.roles` in Keycloak).
 * A missing groups claim means no groups; a groups claim of another shape is refused rather
 * than guessed at.
 */
export function readIdentity(
  claims: Readonly<Record<string, unknown>>,
  subject: string,
  settings: Pick<OidcSettings, 'usernameClaim' | 'groupsClaim'>,
): OidcIdentity | IdentityProblem {
  const rawUsername = claimValue(claims, settings.usernameClaim);
  if (rawUsername === undefined || rawUsername === null || rawUsername === '')
    return { problem: 'no_username', claim: settings.usernameClaim };
  const username = UsernameSchema.safeParse(rawUsername);
  if (!username.success) return { problem: 'bad_username', claim: settings.usernameClaim };
  const rawGroups = claimValue(claims, settings.groupsClaim);
  const groups =
    rawGroups === undefined
      ? { success: true as const, data: [] }
      : GroupsClaimSchema.safeParse(rawGroups);
  if (!groups.success) return { problem: 'bad_groups', claim: settings.groupsClaim };
  return { subject, username: username.data, groups: groups.data };
}

export function claimValue(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let node: unknown = claims;
  for (const key of name.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * The role and teams `groups` grant: the highest role any group gives (admin > analyst >
 * viewer) and every team any group maps to. Undefined when no group gives a role: such a
 * person does not sign in at all. Group names match exactly (case and leading `/` included).
 */
export function mapGroups(
  groups: readonly string[],
  settings: Pick<OidcSettings, 'roles' | 'teams'>,
): { role: Role; teams: string[] } | undefined {
  const member = new Set(groups);
  const role = ROLES.find((r) => settings.roles[r].some((g) => member.has(g)));
  if (role === undefined) return undefined;
  const teams = new Set<string>();
  for (const group of member) {
    if (Object.hasOwn(settings.teams, group))
      for (const t of settings.teams[group] ?? []) teams.add(t);
  }
  return { role, teams: [...teams].sort() };
}
