import type { FastifyRequest } from 'fastify';
import type { TokenScope } from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { hashTokenSecret } from './token-secret.js';
import type { TokensRepository, VerifiedToken } from './tokens.repository.js';

/** How long a verified token is trusted without asking the database: revocation takes effect within it. */
const CACHE_MS = 10_000;
const MAX_CACHED = 10_000;

/**
 * Finds and checks the token of a request: `Authorization: Bearer <token>`, or `?token=<token>`
 * (Falco's http_output cannot always set headers). Verified tokens are cached briefly so that a
 * locked ingest does not cost a database round trip per event.
 */
export class TokenAuth {
  private readonly cache = new Map<string, { token: VerifiedToken | null; until: number }>();

  constructor(private readonly tokens: TokensRepository) {}

  /** The request's token; undefined when it sent none; 401 when the one it sent is not valid. */
  async identify(req: FastifyRequest): Promise<VerifiedToken | undefined> {
    const secret = requestCredential(req);
    if (secret === undefined) return undefined;
    const key = hashTokenSecret(secret).toString('base64');
    let cached = this.cache.get(key);
    if (!cached || cached.until <= Date.now()) {
      // Unknown secrets are remembered too, so guessing costs no database round trip each time.
      const token = (await this.tokens.verify(secret)) ?? null;
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      const until = Math.min(Date.now() + CACHE_MS, token?.expiresAt ?? Infinity);
      cached = { token, until };
      this.cache.set(key, cached);
    }
    if (!cached.token) {
      throw new ApiError(
        401,
        'unauthorized',
        'the token is invalid, expired or revoked',
        undefined,
        {
          'www-authenticate': 'Bearer',
        },
      );
    }
    return cached.token;
  }

  /** The verified token of this secret if it is cached, without asking the database. */
  known(secret: string): VerifiedToken | undefined {
    const cached = this.cache.get(hashTokenSecret(secret).toString('base64'));
    return cached && cached.until > Date.now() ? (cached.token ?? undefined) : undefined;
  }

  /** 401 without a valid token, 403 when it lacks `scope`. */
  async require(req: FastifyRequest, scope: TokenScope): Promise<VerifiedToken> {
    const token = await this.identify(req);
    if (!token) {
      throw new ApiError(
        401,
        'unauthorized',
        `a token with scope ${scope} is required (Authorization: Bearer <token>)`,
        undefined,
        { 'www-authenticate': 'Bearer' },
      );
    }
    if (!token.scopes.includes(scope)) {
      throw new ApiError(403, 'forbidden', `this token lacks the scope ${scope}`);
    }
    return token;
  }

  /** Forgets cached tokens (after a revocation through the API, so it applies at once here). */
  forget(): void {
    this.cache.clear();
  }
}

/** The token a request carries: `Authorization: Bearer <token>`, else `?token=<token>`. */
export function requestCredential(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m?.[1];
  }
  const query = req.query as Record<string, unknown> | undefined;
  const token = query?.['token'];
  return typeof token === 'string' && token !== '' ? token : undefined;
}
