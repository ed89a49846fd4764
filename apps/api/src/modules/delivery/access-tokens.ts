import { createHash } from 'node:crypto';
import type { HttpAnswer, HttpMessage, TokenAuth } from '@aerie/outputs';
import type { Failure } from './outcomes.js';
import { failureOf } from './send-error.js';

/** A token to use now; `fresh` when it was obtained for this request (a 401 is then final). */
export type TokenResult =
  | { ok: true; token: string; fresh: boolean }
  | { ok: false; failure: Failure; status: number | null };

/** Refresh this long before the token expires (a tenth of its life, at most 5 min). */
const refreshMarginMs = (lifeMs: number) => Math.min(5 * 60_000, lifeMs / 10);

interface Cached {
  outputId: string;
  token: string;
  refreshAt: number;
}

/**
 * Access tokens of outputs with `auth` (OAuth2 client credentials), kept in memory per output
 * and token request (settings changed → another request → another token) until shortly before
 * they expire. Concurrent attempts share one token request.
 */
export class AccessTokens {
  private readonly cached = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<TokenResult>>();

  /** `send`: the output's own HTTP sender (its TLS settings, proxy and timeout). */
  async get<C>(
    outputId: string,
    auth: TokenAuth<C>,
    config: C,
    send: (message: HttpMessage) => Promise<HttpAnswer>,
  ): Promise<TokenResult> {
    const request = auth.tokenRequest(config);
    const key = `${outputId}:${createHash('sha256').update(JSON.stringify(request)).digest('hex')}`;
    const hit = this.cached.get(key);
    if (hit && hit.refreshAt > Date.now()) return { ok: true, token: hit.token, fresh: false };
    let fetching = this.pending.get(key);
    if (!fetching) {
      fetching = this.fetch(outputId, key, auth, request, send).finally(() =>
        this.pending.delete(key),
      );
      this.pending.set(key, fetching);
    }
    return fetching;
  }

  /** The destination refused `token` (401): the next `get` obtains a new one. */
  drop(token: string): void {
    for (const [key, c] of this.cached) if (c.token === token) this.cached.delete(key);
  }

  /** The tokens held for an output, to mask out of anything recorded. */
  tokensOf(outputId: string): string[] {
    return [...this.cached.values()].filter((c) => c.outputId === outputId).map((c) => c.token);
  }

  private async fetch<C>(
    outputId: string,
    key: string,
    auth: TokenAuth<C>,
    request: HttpMessage,
    send: (message: HttpMessage) => Promise<HttpAnswer>,
  ): Promise<TokenResult> {
    let answer: HttpAnswer;
    try {
      answer = await send(request);
    } catch (err) {
      const failure = failureOf(err);
      return {
        ok: false,
        failure: { ...failure, error: `access token: ${failure.error}` },
        status: null,
      };
    }
    const read = auth.readToken(answer);
    if (!read.ok) {
      const failure: Failure = {
        ok: false,
        retryable: read.retryable,
        error: `access token: ${read.error}`,
      };
      return { ok: false, failure, status: answer.status };
    }
    const now = Date.now();
    for (const [k, c] of this.cached) if (c.refreshAt <= now) this.cached.delete(k);
    this.cached.set(key, {
      outputId,
      token: read.token,
      refreshAt: now + read.expiresInMs - refreshMarginMs(read.expiresInMs),
    });
    return { ok: true, token: read.token, fresh: true };
  }
}
