import type { Role, TokenScope } from '@aerie/contracts';
import type { TenantScope } from './tenant-scope.js';

/** Who a request acts for, resolved once per request by Access. */
export interface Principal {
  kind: 'user' | 'token';
  id: string;
  /** Username, or the token's name. */
  name: string;
  role: Role;
  scopes: TokenScope[];
  teams: string[];
  scope: TenantScope;
  /** Sessions only: the value state-changing requests must echo in `X-CSRF-Token`. */
  csrfToken?: string;
}

/** What a person's role allows, in the terms tokens use. */
export function scopesOfRole(role: Role): TokenScope[] {
  return role === 'admin' ? ['events:read', 'siem:read', 'admin'] : ['events:read', 'siem:read'];
}

/** The audit log's name for a principal. */
export function actorOf(p: Principal): string {
  return p.kind === 'user' ? `user:${p.name}` : `token:${p.id}`;
}
