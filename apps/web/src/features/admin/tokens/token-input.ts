import { TOKEN_SCOPES, type CreateToken, type TokenScope } from '@aerie/contracts';

const isScope = (s: string): s is TokenScope => TOKEN_SCOPES.some((x) => x === s);

/** What the form holds: strings as typed, the expiry as `datetime-local` (the viewer's time). */
export interface TokenFormValues {
  name: string;
  scopes: string[];
  teams: string[];
  cluster: string;
  expires: string;
}

export const EMPTY_TOKEN_FORM: TokenFormValues = {
  name: '',
  scopes: [],
  teams: [],
  cluster: '',
  expires: '',
};

/**
 * The request body for the form's values. Empty optional fields become null; a local expiry
 * becomes RFC 3339 in UTC (one the browser cannot read is passed on, for the schema to refuse).
 */
export function tokenInput(v: TokenFormValues): CreateToken {
  const at = v.expires === '' ? null : new Date(v.expires);
  return {
    name: v.name,
    scopes: v.scopes.filter(isScope),
    teams: v.teams,
    cluster: v.cluster.trim() === '' ? null : v.cluster.trim(),
    expires_at: at === null ? null : Number.isNaN(at.getTime()) ? v.expires : at.toISOString(),
  };
}
